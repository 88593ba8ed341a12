import type { WireError } from '../../src/protocol/coded-error.js';
import { EvalFailure, type EvalInput, type Evaluated, type Evaluator } from '../../src/server/session/evaluator.js';
import { arrayBatch } from '../../src/server/session/timed-batch.js';
import type { TimedMessage } from '../../src/protocol/messages.js';

/**
 * A stand-in score for pipeline tests that must not depend on the Alda engine: its "code" is a
 * JSON list of notes `[midiNote, offset ms, duration ms, channel?]`, appended to the score.
 */
export class NoteListScore implements Evaluator {
  size = 0;
  #before = 0;

  evaluate(input: EvalInput): Evaluated {
    return this.#take(this.#notes(input));
  }

  #notes(input: EvalInput): number[][] {
    let notes: unknown;
    try {
      notes = JSON.parse(input.code ?? '');
    } catch {
      throw new EvalFailure('TEST_BAD_NOTES', `${input.name ?? '<no file>'}:1:1 not a note list`);
    }
    if (!Array.isArray(notes)) throw new EvalFailure('TEST_BAD_NOTES', 'not a note list');
    return notes as number[][];
  }

  check(input: EvalInput): WireError[] {
    try {
      this.#notes(input);
      return [];
    } catch (error) {
      return [{ code: (error as EvalFailure).code, message: (error as EvalFailure).message }];
    }
  }

  #take(notes: number[][]): Evaluated {
    const messages: TimedMessage[] = [];
    for (const [note, offset, duration, channel = 0] of notes) {
      messages.push({ t: offset!, d: [0x90 | channel, note!, 100], p: `part${channel}` });
      messages.push({ t: offset! + duration!, d: [0x80 | channel, note!, 0], p: `part${channel}` });
    }
    messages.sort((a, b) => a.t - b.t || a.d[0]! - b.d[0]!);
    const first = this.size === 0;
    this.#before = this.size;
    this.size += notes.length;
    const start = first ? 0 : Math.min(...messages.map((m) => m.t));
    return { events: notes.length, messages: arrayBatch(messages), start, end: messages.at(-1)?.t ?? 0, tempoMap: [] };
  }

  revert(): void {
    this.size = this.#before;
  }
}
