import { call, keyword, list, number, string, type Form } from '../../src/lisp/form.js';

/**
 * Scores built to hang or exhaust the evaluator, each with the codes it may be refused with.
 * Every one must fail fast with a positioned error, by whatever path it comes.
 */
export const TEXT_BOMBS: readonly { readonly label: string; readonly code: string; readonly refusedWith: readonly string[] }[] = [
  { label: 'c*1000000000', code: 'piano: c*1000000000', refusedWith: ['BUDGET_REPEATS'] },
  { label: 'a repeat just past the limit', code: 'piano: c*1000001', refusedWith: ['BUDGET_REPEATS'] },
  { label: 'repeats of repeats', code: 'piano: [[[[c d]*1000]*1000]*1000]*1000', refusedWith: ['BUDGET_EVENTS'] },
  { label: 'an empty sequence repeated', code: 'piano: [[[]*1000000]*1000000]*1000000', refusedWith: ['BUDGET_STEPS'] },
  {
    label: 'a self-referencing variable doubled 64 times',
    code: 'piano:\nriff = c d\n' + 'riff = riff riff\n'.repeat(64) + 'riff\n',
    refusedWith: ['BUDGET_EVENTS'],
  },
  { label: '10,000 nested brackets', code: 'piano: ' + '['.repeat(10_000) + 'c' + ']'.repeat(10_000), refusedWith: ['ALDA_NESTING_TOO_DEEP'] },
  { label: '10,000 nested parentheses', code: 'piano: ' + '('.repeat(10_000) + 'tempo 100' + ')'.repeat(10_000), refusedWith: ['ALDA_NESTING_TOO_DEEP'] },
  { label: '10,000 nested crams', code: 'piano: ' + '{'.repeat(10_000) + 'c' + '}'.repeat(10_000), refusedWith: ['ALDA_NESTING_TOO_DEEP'] },
  { label: 'a note of 5,555 hours (c0.0000001)', code: 'piano: c0.0000001 d', refusedWith: ['BUDGET_TIME'] },
  { label: 'a note longer than a double holds (c0.000…1, 300 zeros)', code: `piano: c d0.${'0'.repeat(300)}1 e`, refusedWith: ['BUDGET_TIME'] },
  { label: '55 hours of rests', code: 'piano: r1*100000 c', refusedWith: ['BUDGET_TIME'] },
  { label: 'a score one character past the length limit', code: 'piano: ' + 'c'.repeat(1_048_576 - 7) + ' ', refusedWith: ['BUDGET_LENGTH'] },
];

const note = call('note', [call('pitch', [keyword('c')])]);

/** Forms no parser would emit, as they may come over the wire or from a job. */
export const FORM_BOMBS: readonly { readonly label: string; readonly forms: readonly Form[]; readonly refusedWith: readonly string[] }[] = [
  {
    label: 'nested repeats of a million',
    forms: [call('part', [string('piano')]), call('repeat', [number(1_000_000), call('repeat', [number(1_000_000), note])])],
    refusedWith: ['BUDGET_EVENTS', 'BUDGET_STEPS'],
  },
  { label: 'a repeat count past the limit', forms: [call('part', [string('piano')]), call('repeat', [number(1_000_001), note])], refusedWith: ['BUDGET_REPEATS'] },
  { label: '2,500 nested sequences', forms: [call('part', [string('piano')]), nest(2_500, (inner) => call('seq', [inner]), note)], refusedWith: ['BUDGET_DEPTH'] },
  { label: '2,500 nested calls', forms: [nest(2_500, (inner) => call('list', [inner]), number(1))], refusedWith: ['BUDGET_DEPTH'] },
  { label: '20,000 nested calls', forms: [nest(20_000, (inner) => call('list', [inner]), number(1))], refusedWith: ['BUDGET_DEPTH', 'ALDA_BAD_MESSAGE'] },
  {
    label: 'a variable that refers to itself',
    forms: [
      call('part', [string('piano')]),
      call('set-variable', [string('loop'), note]),
      ...Array.from({ length: 64 }, () => call('set-variable', [string('loop'), call('get-variable', [string('loop')]), call('get-variable', [string('loop')])])),
      call('get-variable', [string('loop')]),
    ],
    refusedWith: ['BUDGET_EVENTS'],
  },
];

/** `depth` levels of `wrap` around `core`, each with a span, as the parser would give them. */
function nest(depth: number, wrap: (inner: Form) => Form, core: Form): Form {
  let form = core;
  for (let i = 0; i < depth; i++) {
    const wrapped = wrap(form);
    form = wrapped.kind === 'list' ? list(wrapped.items, { start: depth - i - 1, end: depth - i }) : wrapped;
  }
  return form;
}
