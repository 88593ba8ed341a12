import type { Budget } from '../lisp/budget.js';
import { AldaBudgetError } from '../lisp/errors.js';
import { evaluate, type Environment } from '../lisp/evaluate.js';
import type { ListForm, Span } from '../lisp/form.js';
import type { AttributeChange } from './model/attribute.js';
import type { Duration } from './model/duration.js';
import type { Pitch } from './model/pitch.js';
import type { Update } from './model/update.js';
import { literalCallSteps, notationUpdate, OCTAVE_DOWN, OCTAVE_UP, pureValue } from './notation-updates.js';
import { chordFollows } from './parser/chord.js';
import { flatLispAt } from './parser/flat-lisp.js';
import { DURATION_START, durationAt, durationEnd, durationForm } from './parser/duration.js';
import { noteAt, restAt } from './parser/note.js';
import { octaveNumber } from './parser/octave.js';
import { looksLikePartDeclaration, partDeclarationAt } from './parser/part-declaration.js';
import { MAX_NESTING } from './parser/token-parsers.js';
import { repeatCount, repetitionRanges } from './parser/token-values.js';
import { TokenKind } from './parser/tokens.js';
import type { TokenStream } from './parser/tokens.js';
import { eventOf, isUpdate, type DurationValue } from './vocabulary/values.js';
import type { LispAt } from './parser/inner-event.js';

/** Pitches and lengths told apart per score: past this many spellings, the others are compiled each time. */
const LIMIT = 1024;

/**
 * A repeat or an alternate ending counted here does not deepen its event (its own steps come
 * after its event's); under a depth budget this low, a score nested as deep as the parser
 * allows might tell, so the forms count it.
 */
const DEEP_ENOUGH = 4 * MAX_NESTING;

/** Accidentals as digits of a pitch's key (0: not an accidental). */
const accidentalDigit = (kind: number): number =>
  kind === TokenKind.Sharp ? 1 : kind === TokenKind.Flat ? 2 : kind === TokenKind.Natural ? 3 : 0;

const isOctave = (kind: number): boolean => kind === TokenKind.OctaveUp || kind === TokenKind.OctaveDown || kind === TokenKind.OctaveSet;

/**
 * A score's notation compiled from the scanner's tokens straight to the updates that the
 * grammar's forms and `notationUpdate` give, with no parser state, form or list per token:
 * a part declaration, or a top-level event made of notes, rests, chords, octave changes,
 * barlines, sequences, crams, repeats, alternate endings, markers and variable references. The first note
 * spelled a given way is compiled the long way (the grammar's form, then `notationUpdate`);
 * its pitch and length are then known for every note spelled the same.
 *
 * An S-expression is evaluated as `notationUpdate` would: a call of atoms (`(tempo 90)`,
 * `(key-sig '(g minor))`, most of them) read from the tokens (flat-lisp.ts), any other inside
 * an event read by the grammar. Anything else in the event (a voice, a definition, an
 * S-expression at the top level that is no call of atoms or no score update) or anything amiss (a syntax error) leaves the whole event to the grammar, which then
 * parses it and reports its errors as ever: this path never reports a syntax error itself.
 * The budget counts the steps `notationUpdate` counts, though a container's own steps come
 * after its events' rather than before: an event that runs out of budget here is left to
 * the forms too, which report exactly where it ran out.
 */
export class PlainNotation {
  /** The token after the event last compiled. */
  end = 0;
  // TypeScript-private fields and methods, not `#private` ones: until V8 optimizes the code that
  // runs per event, a `#` member is reached through a keyed lookup (see src/lisp/budget.ts).
  private readonly pitches = new Map<number, Pitch>();
  private readonly lengths = new Map<number, Duration>();
  private readonly tiedLengths = new Map<string, Duration>();
  /** How many tokens the length last read by lengthEnd has. */
  private components = 0;
  private cursor = 0;
  private nesting = 0;
  private lispAt: LispAt | undefined;

  constructor(
    readonly env: Environment,
    readonly meter: Budget,
  ) {}

  /** The update of the top-level event at token `i` (then `end` is the token after it), or undefined. */
  updateAt(tokens: TokenStream, i: number, lispAt: LispAt): Update | undefined {
    if (this.meter.limits.depth < DEEP_ENOUGH) return undefined;
    if (looksLikePartDeclaration(tokens, i)) return this.partDeclaration(tokens, i);
    const steps = this.meter.stepsTaken;
    const depth = this.meter.depth;
    this.cursor = i;
    this.nesting = 0;
    this.lispAt = lispAt;
    let update: Update | undefined;
    try {
      update = this.event(tokens);
    } catch (error) {
      // Counted in another order here: the forms say exactly where the budget ran out.
      if (!(error instanceof AldaBudgetError)) throw error;
    }
    if (update === undefined) {
      this.meter.rewind(steps, depth);
      return undefined;
    }
    this.end = this.cursor;
    return update;
  }

  /** `violin/viola "strings":`, read as the grammar reads it. */
  private partDeclaration(tokens: TokenStream, first: number): Update | undefined {
    const declared = partDeclarationAt(tokens, first);
    if (typeof declared === 'number') return undefined;
    const span = { start: tokens.starts[first]!, end: tokens.ends[declared.end - 1]! };
    literalCallSteps(this.meter, span, declared.names.length + (declared.alias === null ? 0 : 2));
    this.end = declared.end;
    return { type: 'part', names: declared.names, alias: declared.alias, span };
  }

  /** One event, as the grammar's `innerEvent`, with the repeat that may follow it. */
  private event(tokens: TokenStream): Update | undefined {
    if (++this.nesting > MAX_NESTING) return undefined;
    const first = this.cursor;
    const k = tokens.kinds;
    let update: Update | undefined;
    let keepZero = true;
    switch (k[first]) {
      case TokenKind.NoteLetter:
      case TokenKind.RestLetter:
        update = this.noteOrChord(tokens);
        keepZero = false;
        break;
      case TokenKind.OctaveUp:
      case TokenKind.OctaveDown:
      case TokenKind.OctaveSet:
        this.nesting--;
        return this.octave(tokens);
      case TokenKind.Barline: {
        const span = { start: tokens.starts[first]!, end: tokens.ends[first]! };
        this.meter.step(span);
        this.cursor++;
        this.nesting--;
        return { type: 'barline', span };
      }
      case TokenKind.EventSeqOpen:
        update = this.sequence(tokens);
        break;
      case TokenKind.CramOpen:
        update = this.cram(tokens);
        break;
      case TokenKind.Marker:
      case TokenKind.AtMarker: {
        this.nesting--;
        const span = { start: tokens.starts[first]!, end: tokens.ends[first]! };
        const name = tokens.text.slice(span.start + 1, span.end);
        literalCallSteps(this.meter, span, 1);
        this.cursor++;
        return k[first] === TokenKind.Marker ? { type: 'marker', name, span } : { type: 'at-marker', name, span };
      }
      case TokenKind.LeftParen: {
        const topLevel = this.nesting === 1;
        const parsed = flatLispAt(tokens, first, this.nesting) ?? (topLevel ? undefined : this.lispAt!(first, this.nesting));
        if (parsed === undefined) return undefined;
        this.cursor = parsed.end;
        // An S-expression the grammar reads is never one of the notation's own forms.
        const value = evaluate(parsed.form, this.env, this.meter);
        // At the top level, a form that is no score update is a warning, which the batch tells.
        if (topLevel && !isUpdate(value) && k[this.cursor] !== TokenKind.Repeat) return undefined;
        update = eventOf(value);
        break;
      }
      case TokenKind.Name: {
        if (k[first + 1] === TokenKind.Equals) return undefined;
        const span = { start: tokens.starts[first]!, end: tokens.ends[first]! };
        literalCallSteps(this.meter, span, 1);
        this.cursor++;
        update = { type: 'get-variable', name: tokens.text.slice(span.start, span.end), span };
        break;
      }
      default:
        return undefined;
    }
    this.nesting--;
    if (update === undefined || k[this.cursor] !== TokenKind.Repeat) return update;
    const times = repeatCount(tokens.text.slice(tokens.starts[this.cursor], tokens.ends[this.cursor]));
    const span = { start: tokens.starts[first]!, end: tokens.ends[this.cursor]! };
    this.cursor++;
    if (times === 0 && !keepZero) return update;
    this.meter.step(span);
    this.meter.enter(span);
    this.meter.leave();
    return { type: 'repeat', times, event: update, span };
  }

  /** A note or rest, or a chord of them with octave changes around each `/` (see chord.ts). */
  private noteOrChord(tokens: TokenStream): Update | undefined {
    const k = tokens.kinds;
    const first = this.cursor;
    const link = chordLink(k, this.noteEnd(tokens, first));
    if (link === NO_LINK) return this.noteOrRest(tokens);
    if (link === LISP_LINK) return undefined;
    this.meter.enter(spanOf(tokens, first));
    const events: Update[] = [];
    let member = this.noteOrRest(tokens);
    for (;;) {
      if (member === undefined) return undefined;
      events.push(member);
      const next = chordLink(k, this.cursor);
      if (next === NO_LINK) break;
      if (next === LISP_LINK) return undefined;
      while (isOctave(k[this.cursor]!)) events.push(this.octave(tokens));
      this.cursor++; // the `/`
      while (isOctave(k[this.cursor]!)) events.push(this.octave(tokens));
      const kind = k[this.cursor];
      if (kind !== TokenKind.NoteLetter && kind !== TokenKind.RestLetter) return undefined;
      member = this.noteOrRest(tokens);
    }
    this.meter.leave();
    const span = { start: tokens.starts[first]!, end: tokens.ends[this.cursor - 1]! };
    this.meter.step(span);
    return { type: 'chord', events, span };
  }

  /** The token after the note or rest at `letter` (its accidentals, length and tie). */
  private noteEnd(tokens: TokenStream, letter: number): number {
    const k = tokens.kinds;
    let at = letter + 1;
    if (k[letter] === TokenKind.NoteLetter) while (accidentalDigit(k[at]!) > 0) at++;
    at = this.lengthEnd(tokens, at);
    return k[at] === TokenKind.Tie && k[letter] === TokenKind.NoteLetter ? at + 1 : at;
  }

  private noteOrRest(tokens: TokenStream): Update | undefined {
    return tokens.kinds[this.cursor] === TokenKind.NoteLetter ? this.note(tokens) : this.rest(tokens);
  }

  private note(tokens: TokenStream): Update | undefined {
    const k = tokens.kinds;
    const letter = this.cursor;
    let at = letter + 1;
    let pitchKey = tokens.text.charCodeAt(tokens.starts[letter]!);
    for (let digit = accidentalDigit(k[at]!); digit > 0; digit = accidentalDigit(k[++at]!)) pitchKey = pitchKey * 4 + digit;
    // Past 2^53 a key is no longer exact: such a pitch (two dozen accidentals) is compiled each time.
    if (pitchKey > Number.MAX_SAFE_INTEGER) pitchKey = -1;
    const lengthAt = at;
    const lengthEnd = this.lengthEnd(tokens, lengthAt);
    const components = this.components;
    at = lengthEnd;
    const slurred = k[at] === TokenKind.Tie;
    if (slurred) at++;
    const pitch = this.pitches.get(pitchKey);
    const duration = components === 0 ? null : this.knownLength(tokens, lengthAt, lengthEnd);
    if (pitch === undefined || duration === undefined) {
      const update = this.compiled(tokens, noteAt);
      if (update?.type === 'note') {
        remember(this.pitches, pitchKey, update.pitch);
        if (components > 0) this.rememberLength(tokens, lengthAt, lengthEnd, update.duration!);
      }
      return update;
    }
    const span: Span = { start: tokens.starts[letter]!, end: tokens.ends[at - 1]! };
    knownCall(this.meter, span, 1 + lengthSteps(components));
    this.cursor = at;
    return { type: 'note', pitch, duration, slurred, span };
  }

  private rest(tokens: TokenStream): Update | undefined {
    const letter = this.cursor;
    const at = this.lengthEnd(tokens, letter + 1);
    const components = this.components;
    const duration = components === 0 ? null : this.knownLength(tokens, letter + 1, at);
    if (duration === undefined) {
      const update = this.compiled(tokens, restAt);
      if (update?.type === 'rest' && components > 0) this.rememberLength(tokens, letter + 1, at, update.duration!);
      return update;
    }
    const span: Span = { start: tokens.starts[letter]!, end: tokens.ends[at - 1]! };
    knownCall(this.meter, span, lengthSteps(components));
    this.cursor = at;
    return { type: 'rest', duration, span };
  }

  /**
   * The token after the length that may start at token `i` (`8`, `4~8`, `1|~1`), or `i` when
   * none does; `components` is then how many tokens make it (lengths and barlines).
   */
  private lengthEnd(tokens: TokenStream, i: number): number {
    const k = tokens.kinds;
    if (!DURATION_START[k[i]!]) {
      this.components = 0;
      return i;
    }
    const end = durationEnd(k, i);
    let components = 0;
    for (let at = i; at < end; at++) if (k[at] !== TokenKind.Tie) components++;
    this.components = components;
    return end;
  }

  /** The length of tokens `first` … `end - 1`, if one spelled the same was compiled before. */
  private knownLength(tokens: TokenStream, first: number, end: number): Duration | undefined {
    return end === first + 1 ? this.lengths.get(lengthKey(tokens, first)) : this.tiedLengths.get(tiedKey(tokens, first, end));
  }

  private rememberLength(tokens: TokenStream, first: number, end: number, duration: Duration): void {
    if (end === first + 1) remember(this.lengths, lengthKey(tokens, first), duration);
    else remember(this.tiedLengths, tiedKey(tokens, first, end), duration);
  }

  /** The long way, for a note or rest: the grammar's form, then `notationUpdate`. */
  private compiled(tokens: TokenStream, at: (tokens: TokenStream, letter: number) => { form: ListForm; end: number }): Update | undefined {
    const { form, end } = at(tokens, this.cursor);
    const update = notationUpdate(form, this.env, this.meter);
    this.cursor = end;
    return update;
  }

  private octave(tokens: TokenStream): Update {
    const i = this.cursor++;
    const kind = tokens.kinds[i];
    const span = { start: tokens.starts[i]!, end: tokens.ends[i]! };
    let change: AttributeChange;
    if (kind === TokenKind.OctaveUp) change = OCTAVE_UP;
    else if (kind === TokenKind.OctaveDown) change = OCTAVE_DOWN;
    else change = { kind: 'octave-set', octave: octaveNumber(tokens.text.slice(span.start, span.end)) };
    literalCallSteps(this.meter, span, 1);
    return { type: 'attribute', change, global: false, span };
  }

  /** `[…]`: events, each of which may carry repetition numbers (`c'1,3`). */
  private sequence(tokens: TokenStream): Update | undefined {
    const k = tokens.kinds;
    const open = this.cursor++;
    this.meter.enter(spanOf(tokens, open));
    const events: Update[] = [];
    while (k[this.cursor] !== TokenKind.EventSeqClose) {
      const first = this.cursor;
      const event = this.event(tokens);
      if (event === undefined) return undefined;
      if (k[this.cursor] !== TokenKind.Repetitions) {
        events.push(event);
        continue;
      }
      const reps = this.cursor++;
      const span = { start: tokens.starts[first]!, end: tokens.ends[reps]! };
      const ranges = repetitionRanges(tokens.text.slice(tokens.starts[reps], tokens.ends[reps]));
      literalCallSteps(this.meter, span, 1);
      events.push({ type: 'on-repetitions', ranges, event, span });
    }
    this.meter.leave();
    this.cursor++;
    const span = { start: tokens.starts[open]!, end: tokens.ends[this.cursor - 1]! };
    this.meter.step(span);
    return { type: 'sequence', events, span };
  }

  /** `{…}` and its length, if one follows. */
  private cram(tokens: TokenStream): Update | undefined {
    const k = tokens.kinds;
    const open = this.cursor++;
    this.meter.enter(spanOf(tokens, open));
    const events: Update[] = [];
    while (k[this.cursor] !== TokenKind.CramClose) {
      const event = this.event(tokens);
      if (event === undefined) return undefined;
      events.push(event);
    }
    if (events.length === 0) return undefined;
    this.cursor++;
    let duration: Duration | null = null;
    let lengthSpan: Span | undefined;
    if (DURATION_START[k[this.cursor]!]) {
      const { indexes, end } = durationAt(tokens, this.cursor);
      lengthSpan = { start: tokens.starts[this.cursor]!, end: tokens.ends[end - 1]! };
      duration = this.knownLength(tokens, this.cursor, end) ?? null;
      if (duration === null) {
        const value = pureValue(durationForm(tokens, indexes, lengthSpan), this.env, this.meter, lengthSpan);
        if (value.kind !== 'host' || value.type !== 'duration') return undefined;
        duration = (value as DurationValue).duration;
        this.rememberLength(tokens, this.cursor, end, duration);
      } else for (let s = lengthSteps(indexes.length); s > 0; s--) this.meter.step(lengthSpan);
      this.cursor = end;
    }
    this.meter.leave();
    const span = { start: tokens.starts[open]!, end: tokens.ends[this.cursor - 1]! };
    this.meter.step(span);
    this.meter.step(span);
    return { type: 'cram', events, duration, span };
  }
}

const spanOf = (tokens: TokenStream, i: number): Span => ({ start: tokens.starts[i]!, end: tokens.ends[i]! });

const NO_LINK = 0;
const LINK = 1;
const LISP_LINK = 2;

/**
 * Whether a `/` comes next, past octave changes (LINK): the next link of a chord. An
 * S-expression may stand there too (LISP_LINK), which this path leaves to the grammar.
 */
function chordLink(kinds: Uint8Array, i: number): number {
  while (isOctave(kinds[i]!)) i++;
  if (kinds[i] === TokenKind.Separator) return LINK;
  return kinds[i] === TokenKind.LeftParen && chordFollows(kinds, i) ? LISP_LINK : NO_LINK;
}

/**
 * A length token's text (`8`, `4..`, `350ms`) folded into one number, which is exact up to
 * 7 ASCII characters; -1 for a longer one, which is compiled each time.
 */
function lengthKey(tokens: TokenStream, i: number): number {
  const start = tokens.starts[i]!;
  const end = tokens.ends[i]!;
  if (end - start > 7) return -1;
  let key = 1;
  for (let c = start; c < end; c++) key = key * 128 + tokens.text.charCodeAt(c);
  return key;
}

/** A tied length's text, tokens `first` … `end - 1`, which tells it from any other. */
const tiedKey = (tokens: TokenStream, first: number, end: number): string => tokens.text.slice(tokens.starts[first], tokens.ends[end - 1]);

/**
 * The steps the evaluator takes for a length already known: one for a length of one token,
 * whose form the parser shares; for a tied one, whose form is new each time, the list, its
 * head and, for each of its tokens, a known list and its head.
 */
const lengthSteps = (components: number): number => (components <= 1 ? components : 2 + 2 * components);

function remember<K, T>(known: Map<K, T>, key: K, value: T): void {
  if (key !== -1 && known.size < LIMIT) known.set(key, value);
}

/** What `notationUpdate` counts for a call whose `known` arguments (pitch, length) it already knows. */
function knownCall(meter: Budget, span: Span, known: number): void {
  meter.step(span);
  if (known === 0) return;
  meter.enter(span);
  for (let i = 0; i < known; i++) meter.step(span);
  meter.leave();
}
