import { RequestError } from '../client/client.js';
import type { LiveResult, LoopSwapResult } from '../protocol/results.js';
import type { LiveSession } from './live-session.js';
import { INPUT_NAME, replError } from './repl-error.js';
import type { ReplError } from './transcript.js';

/** An input of live mode, and the parts whose loops it set last. */
interface LiveEntry {
  readonly code: string;
  /** `<repl>` for a line typed, the file's name for `:load`: what errors are placed in. */
  readonly name: string;
  readonly parts: readonly string[];
}

export type LiveOutcome = { readonly ok: true; readonly result: LiveResult } | { readonly ok: false; readonly error: ReplError };

/**
 * The REPL's live mode (docs/live.md): every part loops on the session's transport, and all that
 * changes the score (a line, `:tempo`, `:load`, `:new`) changes the loops at their next
 * boundary instead of ending them.
 *
 * Each line is a score of its own and owns the parts it set last, so the live score is the list
 * of those lines: `:tempo` sends each of them again at the new tempo (and puts it before every
 * later line), and `:live` after `:live off` starts again from what was swapped in, not from the
 * text typed before live mode.
 */
export class LiveMode {
  readonly #session: LiveSession;
  #entries: LiveEntry[] = [];
  #tempo: number | undefined;
  #on = false;
  /** Live mode ran before: a restart starts from its entries. */
  #ran = false;

  constructor(session: LiveSession) {
    this.#session = session;
  }

  get on(): boolean {
    return this.#on;
  }

  /**
   * Starts the loops: from the score so far the first time, from what was last looping later.
   * The first line starts the transport; the others join it.
   */
  async start(quant: string | undefined): Promise<LiveOutcome> {
    const entries = this.#ran ? this.#entries : [{ code: this.#session.text, name: INPUT_NAME, parts: [] }];
    this.#entries = [];
    let outcome: LiveOutcome = await this.#send(entries[0] ?? { code: '', name: INPUT_NAME, parts: [] }, { whole: true, quant });
    for (const entry of entries.slice(1)) {
      if (!outcome.ok) break;
      outcome = merge(outcome.result, await this.#send(entry, { whole: false }));
    }
    if (outcome.ok) this.#switch(true);
    return outcome;
  }

  /** Loops started elsewhere (a watcher, another terminal) are joined as they are: their text is not ours to send again. */
  join(): void {
    this.#entries = [];
    this.#switch(true);
  }

  /** A line: the parts it defines swap at their next boundary; the others play on. */
  input(code: string): Promise<LiveOutcome> {
    return this.#send({ code, name: INPUT_NAME, parts: [] }, { whole: false });
  }

  /** Changes where changes take effect, keeping the loops. */
  quant(quant: string): Promise<LiveOutcome> {
    return this.#request({ session: this.#session.name, code: '', whole: false, quant }, '', INPUT_NAME, 0);
  }

  /** Every looping line again at `bpm`, each part from its next boundary; later lines play at it too. */
  async tempo(bpm: number): Promise<LiveOutcome> {
    const previous = this.#tempo;
    this.#tempo = bpm;
    const entries = this.#entries;
    this.#entries = [];
    let outcome: LiveOutcome | undefined;
    for (const entry of entries) {
      const next = await this.#send(entry, { whole: false });
      outcome = outcome?.ok ? merge(outcome.result, next) : next;
    }
    if (outcome && !outcome.ok) {
      this.#tempo = previous;
      this.#entries = entries;
    }
    return outcome ?? this.#request({ session: this.#session.name, code: '', whole: false }, '', INPUT_NAME, 0);
  }

  /** The whole live score becomes `code` (`:load`, or `:new` with nothing): parts it lacks stop at their boundary. */
  async replace(code: string, name: string): Promise<LiveOutcome> {
    const previous = this.#entries;
    this.#entries = [];
    const outcome = await this.#send({ code, name, parts: [] }, { whole: true });
    if (!outcome.ok) this.#entries = previous;
    return outcome;
  }

  /** A part finishes its loop and stops; it is no longer part of the live score. */
  async unloop(part: string): Promise<{ at: number }> {
    const result = await this.#session.request('unloop', { session: this.#session.name, part });
    this.#own({ part, kind: 'stop', at: result.at });
    return result;
  }

  /** Stops the loops; what was looping is kept for the next `:live`. */
  async off(): Promise<void> {
    this.#switch(false);
    await this.#session.stop();
  }

  /** The loops ended elsewhere (a stop, an evaluation, a failed performer): live mode is over here too. */
  ended(): void {
    this.#switch(false);
  }

  async #send(entry: LiveEntry, fields: { whole: boolean; quant?: string | undefined }): Promise<LiveOutcome> {
    const prefix = this.#tempo === undefined ? '' : `(tempo! ${this.#tempo})\n`;
    const outcome = await this.#request({ session: this.#session.name, ...fields, code: prefix + entry.code }, entry.code, entry.name, prefix === '' ? 0 : 1);
    if (!outcome.ok) return outcome;
    for (const swap of outcome.result.swaps) this.#own(swap);
    const parts = outcome.result.swaps.filter((swap) => swap.kind !== 'stop').map((swap) => swap.part);
    // An entry whose parts all came out unchanged still owns them: the same material.
    const kept = entry.parts.filter((part) => !this.#entries.some((other) => other.parts.includes(part)));
    const owned = [...new Set([...kept, ...parts])];
    if (owned.length > 0) this.#entries.push({ ...entry, parts: owned });
    return outcome;
  }

  async #request(payload: Record<string, unknown>, code: string, name: string, prefixLines: number): Promise<LiveOutcome> {
    try {
      return { ok: true, result: await this.#session.request('live', { name, ...payload }) };
    } catch (error) {
      if (error instanceof RequestError && error.code === 'ALDA_NOT_LIVE') this.ended();
      return { ok: false, error: replError(withoutPrefix(error, prefixLines), code, name) };
    }
  }

  /** A part swapped, entered or stopped: no earlier line owns it any more. */
  #own(swap: LoopSwapResult): void {
    this.#entries = this.#entries
      .map((entry) => ({ ...entry, parts: entry.parts.filter((part) => part !== swap.part) }))
      .filter((entry) => entry.parts.length > 0);
  }

  #switch(on: boolean): void {
    this.#on = on;
    if (on) this.#ran = true;
    this.#session.looping = on;
  }
}

/** Two answers of one change, as one: every swap, the later status. */
function merge(first: LiveResult, next: LiveOutcome): LiveOutcome {
  return next.ok ? { ok: true, result: { ...next.result, swaps: [...first.swaps, ...next.result.swaps] } } : next;
}

/** An error placed in the code sent, placed in the code typed: `lines` lines were put before it. */
function withoutPrefix(error: unknown, lines: number): unknown {
  if (!(error instanceof RequestError) || !error.span || lines === 0) return error;
  const { span } = error;
  const moved = { ...span, line: span.line - lines, end: { ...span.end, line: span.end.line - lines } };
  return new RequestError(error.code, `${span.file}:${moved.line}:${moved.column} ${error.reason}`, moved);
}
