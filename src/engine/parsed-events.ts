/**
 * `alda parse -o events`: the JSON Alda 2 prints for the parsed, not yet evaluated,
 * score updates (alda-reference.md §1.22), rebuilt from the parser's forms.
 *
 * The notation's own forms are told from inline S-expressions by their head: the parser
 * writes a shared symbol without a span (`note`, `octave`, …), while every symbol of an
 * S-expression the user wrote has its span. So `o4` prints as an attribute update and
 * `(octave 4)` as a list, as in Alda. Keys come out sorted, as Go prints them.
 */
import type { Form, ListForm } from '../lisp/form.js';
import { notationHead } from './parser/leaves.js';

export function toParsedEvents(forms: readonly Form[]): unknown[] {
  return forms.map(parsedEvent);
}

const notation = (form: Form): ListForm | undefined => (notationHead(form) === undefined ? undefined : (form as ListForm));

const headOf = (form: ListForm): string => (form.items[0]!.kind === 'symbol' ? form.items[0].name : '');

const numberOf = (form: Form | undefined): number => (form?.kind === 'number' ? form.value : 0);

const stringOf = (form: Form | undefined): string => (form?.kind === 'string' ? form.value : '');

function parsedEvent(event: Form): unknown {
  const form = notation(event);
  if (!form) return lispForm(event);
  const args = form.items.slice(1);
  switch (headOf(form)) {
    case 'part':
      return { type: 'part-declaration', value: partDeclaration(args) };
    case 'note':
      return { type: 'note', value: note(args) };
    case 'pause':
      return { type: 'rest', value: args[0] ? { duration: duration(args[0]) } : {} };
    case 'chord':
      return { type: 'chord', value: { events: args.map(parsedEvent) } };
    case 'cram': {
      const last = args[args.length - 1];
      const length = last && notation(last);
      if (length && headOf(length) === 'duration') {
        return { type: 'cram', value: { duration: duration(length), events: args.slice(0, -1).map(parsedEvent) } };
      }
      return { type: 'cram', value: { events: args.map(parsedEvent) } };
    }
    case 'seq':
      return { type: 'event-sequence', value: { events: args.map(parsedEvent) } };
    case 'repeat':
      return { type: 'repeat', value: { event: parsedEvent(args[1]!), times: numberOf(args[0]) } };
    case 'on-repetitions':
      return { type: 'on-repetitions', value: { event: parsedEvent(args[1]!), repetitions: repetitions(args[0]!) } };
    case 'set-variable':
      return { type: 'variable-definition', value: { events: args.slice(1).map(parsedEvent) } };
    case 'get-variable':
      return { type: 'variable-reference', value: { name: stringOf(args[0]) } };
    case 'voice':
      return { type: 'voice-marker', value: { number: numberOf(args[0]) } };
    case 'end-voices':
      return { type: 'voice-group-end-marker' };
    case 'marker':
      return { type: 'marker', value: { name: stringOf(args[0]) } };
    case 'at-marker':
      return { type: 'at-marker', value: { name: stringOf(args[0]) } };
    case 'barline':
      return { type: 'barline' };
    case 'octave': {
      const value = args[0]?.kind === 'keyword' ? args[0].name : numberOf(args[0]);
      return { attribute: 'octave', type: 'attribute-update', value };
    }
    default:
      return { type: 'list', value: form.items.map(lispForm) };
  }
}

function partDeclaration(args: readonly Form[]): { alias?: string; names: string[] } {
  const as = args.findIndex((f) => f.kind === 'keyword' && f.name === 'as');
  const names = (as < 0 ? args : args.slice(0, as)).map(stringOf);
  return as < 0 ? { names } : { alias: stringOf(args[as + 1]), names };
}

function note(args: readonly Form[]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  let pitch: unknown;
  let slurred = false;
  for (const arg of args) {
    if (arg.kind === 'keyword' && arg.name === 'slur') slurred = true;
    else if (arg.kind === 'list' && headOf(arg) === 'duration') value.duration = duration(arg);
    else if (arg.kind === 'list' && headOf(arg) === 'pitch') pitch = letterAndAccidentals(arg);
  }
  value.pitch = pitch;
  if (slurred) value['slurred?'] = true;
  return value;
}

function letterAndAccidentals(pitch: ListForm): { accidentals: string[]; letter: string } {
  const [letter, ...accidentals] = pitch.items.slice(1).map((f) => (f.kind === 'keyword' || f.kind === 'symbol' ? f.name : ''));
  return { accidentals, letter: (letter ?? '').toUpperCase() };
}

function duration(form: Form): { components: unknown[] } {
  const components: unknown[] = [];
  if (form.kind !== 'list') return { components };
  for (const component of form.items.slice(1)) {
    if (component.kind !== 'list') continue;
    const [head, amount, , dots] = component.items;
    const name = head?.kind === 'symbol' ? head.name : '';
    if (name === 'note-length') components.push({ denominator: numberOf(amount), dots: numberOf(dots) });
    else if (name === 'ms') components.push({ ms: numberOf(amount) });
    else if (name === 'seconds') components.push({ s: numberOf(amount) });
    else if (name === 'barline') components.push({ type: 'barline' });
  }
  return { components };
}

function repetitions(form: Form): { first: number; last: number }[] {
  const ranges = form.kind === 'quote' ? form.form : form;
  if (ranges.kind !== 'list') return [];
  return ranges.items.map((range) =>
    range.kind === 'list' ? { first: numberOf(range.items[0]), last: numberOf(range.items[1]) } : { first: 0, last: 0 },
  );
}

/** An S-expression as Alda prints one: `{type: symbol|number|string|list|quoted-form, value}`. */
function lispForm(form: Form): unknown {
  switch (form.kind) {
    case 'symbol':
      return { type: 'symbol', value: form.name };
    case 'keyword':
      return { type: 'symbol', value: `:${form.name}` };
    case 'number':
      return { type: 'number', value: form.value };
    case 'string':
      return { type: 'string', value: form.value };
    case 'quote':
      return { type: 'quoted-form', value: lispForm(form.form) };
    case 'list':
      return { type: 'list', value: form.items.map(lispForm) };
  }
}
