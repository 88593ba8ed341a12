import type { Builtin, CallSite, ListValue, Value } from '../../lisp/value.js';
import type { Duration } from '../model/duration.js';
import type { RepetitionRange, Update } from '../model/update.js';
import {
  argumentError,
  integer,
  stringArg,
  updateValue,
  eventOf,
  eventsOf,
  type DurationValue,
  type PitchValue,
  type UpdateValue,
} from './values.js';

const at = (call: CallSite) => call.span;

function slurKeyword(value: Value, call: CallSite): true {
  if (value.kind !== 'keyword' || value.name !== 'slur') {
    throw argumentError('ALDA_UNKNOWN_OPTION', `Expected :slur, got ${value.kind === 'keyword' ? ':' + value.name : value.kind}`, value, call);
  }
  return true;
}

function note(pitch: Value, duration: Value | null, slurred: boolean, call: CallSite): UpdateValue {
  return updateValue({
    type: 'note',
    pitch: (pitch as PitchValue).pitch,
    duration: duration ? (duration as DurationValue).duration : null,
    slurred,
    span: at(call),
  });
}

function name(value: Value, call: CallSite): string {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'symbol') return value.name;
  throw argumentError('ALDA_EXPECTED_NAME', 'Expected a name (string or symbol)', value, call);
}

function repetitionRanges(value: Value, call: CallSite): RepetitionRange[] {
  const invalid = () =>
    argumentError('ALDA_INVALID_REPETITIONS', "Expected repetitions as a list of (first last) pairs, e.g. '((1 3) (5 5))", value, call);
  if (value.kind !== 'list') throw invalid();
  return value.items.map((item) => {
    if (item.kind === 'number') return { first: item.value, last: item.value };
    if (item.kind !== 'list' || item.items.length !== 2 || item.items.some((n) => n.kind !== 'number')) throw invalid();
    const [first, last] = item.items.map((n) => (n.kind === 'number' ? n.value : 0));
    return { first: first!, last: last! };
  });
}

/** `(cram EVENT… [DURATION])`: the events squeezed into the duration. */
function cram(args: readonly Value[], call: CallSite): UpdateValue {
  const last = args[args.length - 1];
  let duration: Duration | null = null;
  let events = args;
  if (last && last.kind === 'host' && last.type === 'duration') {
    duration = (last as DurationValue).duration;
    events = args.slice(0, -1);
  }
  return updateValue({ type: 'cram', events: eventsOf(events), duration, span: at(call) });
}

function repeat([times, event]: readonly Value[], call: CallSite): UpdateValue {
  const count = integer(times!, call);
  if (count < 0) throw argumentError('ALDA_NEGATIVE_REPEAT', 'Cannot repeat a negative number of times', times!, call);
  return updateValue({ type: 'repeat', times: count, event: eventOf(event!), span: at(call) });
}

const simple = (builtinName: string, make: (call: CallSite) => Update): Builtin => ({
  name: builtinName,
  signatures: [{ params: [], run: (_args, call) => updateValue(make(call)) }],
});

const named = (builtinName: string, make: (value: string, call: CallSite) => Update): Builtin => ({
  name: builtinName,
  signatures: [
    { params: ['string'], run: ([n], call) => updateValue(make(name(n!, call), call)) },
    { params: ['symbol'], run: ([n], call) => updateValue(make(name(n!, call), call)) },
  ],
});

/** `(part "violin" "viola" :as "strings")`. */
function part(args: readonly Value[], call: CallSite): UpdateValue {
  const names: string[] = [];
  let alias: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.kind === 'keyword' && arg.name === 'as' && i === args.length - 2 && args[i + 1]!.kind === 'string') {
      alias = stringArg(args[i + 1]!);
      break;
    }
    if (arg.kind !== 'string') throw argumentError('ALDA_PART_ARGUMENT', 'Expected instrument names as strings, then optionally :as "alias"', arg, call);
    names.push(arg.value);
  }
  if (names.length === 0) throw argumentError('ALDA_PART_ARGUMENT', 'A part declaration needs at least one instrument name', args[0] ?? { kind: 'nil' }, call);
  return updateValue({ type: 'part', names, alias, span: at(call) });
}

export const EVENT_BUILTINS: readonly Builtin[] = [
  {
    name: 'note',
    signatures: [
      { params: ['pitch'], run: ([p], call) => note(p!, null, false, call) },
      { params: ['pitch', 'duration'], run: ([p, d], call) => note(p!, d!, false, call) },
      { params: ['pitch', 'keyword'], run: ([p, s], call) => note(p!, null, slurKeyword(s!, call), call) },
      { params: ['pitch', 'duration', 'keyword'], run: ([p, d, s], call) => note(p!, d!, slurKeyword(s!, call), call) },
    ],
  },
  {
    name: 'pause',
    signatures: [
      { params: [], run: (_args, call) => updateValue({ type: 'rest', duration: null, span: at(call) }) },
      {
        params: ['duration'],
        run: ([d], call) => updateValue({ type: 'rest', duration: (d as DurationValue).duration, span: at(call) }),
      },
    ],
  },
  {
    name: 'slur',
    signatures: [
      {
        params: ['score update'],
        run: ([u], call) => {
          const update = (u as UpdateValue).update;
          if (update.type !== 'note') throw argumentError('ALDA_SLUR_NOT_NOTE', `Only notes can be slurred, got a ${update.type}`, u!, call);
          return updateValue({ ...update, slurred: true });
        },
      },
    ],
  },
  { name: 'chord', signatures: [{ params: [], rest: 'any', run: (args, call) => updateValue({ type: 'chord', events: eventsOf(args), span: at(call) }) }] },
  { name: 'cram', signatures: [{ params: [], rest: 'any', run: cram }] },
  { name: 'seq', signatures: [{ params: [], rest: 'any', run: (args, call) => updateValue({ type: 'sequence', events: eventsOf(args), span: at(call) }) }] },
  { name: 'repeat', signatures: [{ params: ['number', 'any'], run: repeat }] },
  { name: 'times', signatures: [{ params: ['number', 'any'], run: repeat }] },
  {
    name: 'on-repetitions',
    signatures: [
      {
        params: ['list', 'any'],
        run: ([ranges, event], call) =>
          updateValue({ type: 'on-repetitions', ranges: repetitionRanges(ranges!, call), event: eventOf(event!), span: at(call) }),
      },
    ],
  },
  { name: 'part', signatures: [{ params: [], rest: 'any', run: part }] },
  {
    name: 'voice',
    signatures: [
      {
        params: ['number'],
        run: ([n], call) => {
          const number = integer(n!, call);
          if (number < 0) throw argumentError('ALDA_INVALID_VOICE', 'Voice numbers are not negative', n!, call);
          return updateValue(number === 0 ? { type: 'end-voices', span: at(call) } : { type: 'voice', number, span: at(call) });
        },
      },
    ],
  },
  simple('end-voices', (call) => ({ type: 'end-voices', span: at(call) })),
  simple('barline', (call) => ({ type: 'barline', span: at(call) })),
  named('marker', (value, call) => ({ type: 'marker', name: value, span: at(call) })),
  named('at-marker', (value, call) => ({ type: 'at-marker', name: value, span: at(call) })),
  named('get-variable', (value, call) => ({ type: 'get-variable', name: value, span: at(call) })),
  {
    name: 'set-variable',
    signatures: ['string', 'symbol'].map((type) => ({
      params: [type],
      rest: 'any',
      run: ([n, ...events]: readonly Value[], call: CallSite) =>
        updateValue({ type: 'set-variable', name: name(n!, call), events: eventsOf(events), span: at(call) }),
    })),
  },
  {
    // Any values, as Alda's `list` takes them. The list has no place of its own in the
    // source: what it is rejected for is reported at the call that rejects it.
    name: 'list',
    signatures: [{ params: [], rest: 'any', run: (args): ListValue => ({ kind: 'list', items: args }) }],
  },
];
