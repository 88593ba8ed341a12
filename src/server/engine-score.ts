import { midiMessages } from '../engine/midi-messages.js';
import { parseAlda } from '../engine/parser/parse.js';
import { cutView, OffsetReferenceError } from '../engine/play-range.js';
import { Score } from '../engine/score.js';
import type { ScoreView } from '../engine/score-view.js';
import { AldaError } from '../lisp/errors.js';
import type { Form, Span } from '../lisp/form.js';
import { SourceText } from '../lisp/source.js';
import type { SourceSpan } from '../protocol/coded-error.js';
import { asErrorCode } from '../protocol/error-codes.js';
import { EvalFailure, type EvalInput, type Evaluated, type LiveScore } from './live-score.js';
import type { TimedMessage } from '../protocol/messages.js';

/**
 * A session's score on the real engine: Alda text is parsed here, forms are evaluated
 * incrementally, and only the new events become MIDI messages.
 */
export class EngineScore implements LiveScore {
  readonly #score = new Score();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  evaluate(input: EvalInput): Evaluated {
    const source = new SourceText(input.code ?? '', input.name);
    let played: ScoreView | undefined;
    let events;
    try {
      const forms: readonly Form[] = input.forms ?? parseAlda(input.code ?? '');
      // The cut is made before the score takes the new events, so a bad `from`/`to` leaves it as it was.
      events = this.#score.evaluate(forms, (added, view) => (played = cutView({ ...view, events: added }, { from: input.from, to: input.to }))).events;
    } catch (error) {
      if (error instanceof AldaError) throw new EvalFailure(asErrorCode(error.code), error.describe(source), sourceSpan(source, error.span));
      if (error instanceof OffsetReferenceError) throw new EvalFailure('ALDA_BAD_OFFSET_REFERENCE', error.message);
      throw error;
    }
    const first = this.#size === 0;
    this.#size += events.length;
    const messages = midiMessages(played!).map((m): TimedMessage => ({ t: m.offset, d: [...m.data], p: m.part }));
    const ranged = input.from !== undefined || input.to !== undefined;
    // A score's first evaluation plays from time 0, keeping any opening rest; later ones play from their first note.
    const start = first || ranged ? 0 : Math.min(...played!.events.map((e) => e.offset));
    return { events: events.length, messages, start: Number.isFinite(start) ? start : 0, end: messages.at(-1)?.t ?? start };
  }
}

/** Where an engine error is, in lines and columns, for the wire. */
export function sourceSpan(source: SourceText, span: Span | undefined): SourceSpan | undefined {
  if (!span) return undefined;
  const end = source.position(span.end);
  return { file: source.name, ...source.position(span.start), end };
}
