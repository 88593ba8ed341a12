import { midiMessages } from '../engine/midi-messages.js';
import { parseAlda } from '../engine/parser/parse.js';
import { cutView, OffsetReferenceError } from '../engine/play-range.js';
import { Score, type ScoreCheckpoint } from '../engine/score.js';
import type { ScoreView } from '../engine/score-view.js';
import { AldaError } from '../lisp/errors.js';
import type { Form } from '../lisp/form.js';
import { SourceText } from '../lisp/source.js';
import { EvalFailure, type EvalInput, type Evaluated, type LiveScore } from './live-score.js';
import type { TimedMessage } from './protocol.js';

/**
 * A session's score on the real engine: Alda text is parsed here, forms are evaluated
 * incrementally, and only the new events become MIDI messages.
 */
export class EngineScore implements LiveScore {
  readonly #score = new Score();
  #size = 0;
  /** The score and its size before the last evaluation, for `revert`. */
  #before: { point: ScoreCheckpoint; size: number } | undefined;

  get size(): number {
    return this.#size;
  }

  evaluate(input: EvalInput): Evaluated {
    const source = new SourceText(input.code ?? '', input.name);
    const before = { point: this.#score.checkpoint(), size: this.#size };
    let played: ScoreView | undefined;
    let events;
    try {
      const forms: readonly Form[] = input.forms ?? parseAlda(input.code ?? '');
      // The cut is made before the score takes the new events, so a bad `from`/`to` leaves it as it was.
      events = this.#score.evaluate(forms, (added, view) => (played = cutView({ ...view, events: added }, { from: input.from, to: input.to }))).events;
    } catch (error) {
      if (error instanceof AldaError) throw new EvalFailure(error.code, error.describe(source));
      if (error instanceof OffsetReferenceError) throw new EvalFailure(error.code, error.message);
      throw error;
    }
    const first = this.#size === 0;
    this.#before = before;
    this.#size += events.length;
    const messages = midiMessages(played!).map((m): TimedMessage => ({ t: m.offset, d: [...m.data], p: m.part }));
    const ranged = input.from !== undefined || input.to !== undefined;
    // A score's first evaluation plays from time 0, keeping any opening rest; later ones play from their first note.
    const start = first || ranged ? 0 : Math.min(...played!.events.map((e) => e.offset));
    return { events: events.length, messages, start: Number.isFinite(start) ? start : 0, end: messages.at(-1)?.t ?? start };
  }

  revert(): void {
    if (!this.#before) return;
    this.#score.restore(this.#before.point);
    this.#size = this.#before.size;
    this.#before = undefined;
  }
}
