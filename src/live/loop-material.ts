import { compile } from '../engine/compile.js';
import { midiMessages } from '../engine/midi-messages.js';
import { AldaError } from '../lisp/errors.js';
import type { Span } from '../lisp/form.js';
import { SourceText } from '../lisp/source.js';

/** A MIDI message of a loop: `t` ms from the start of one iteration, `p` the part's loop name. */
export interface LoopMessage {
  readonly t: number;
  readonly d: readonly number[];
  readonly p: string;
}

/** What one part plays, once round its loop. */
export interface LoopMaterial {
  /** The part's name as declared (`piano`, `violin`): what identifies it from one save to the next. */
  readonly part: string;
  /** One iteration, in ms: where the part's last note (or rest) ends. */
  readonly length: number;
  /** Sorted by `t`, within `[0, length]`. */
  readonly messages: readonly LoopMessage[];
  /** Equal for two materials that play exactly the same events (the comparison of two saves). */
  readonly signature: string;
}

/** A whole score as loops: every part's material, and the beat that `--quant` counts in. */
export interface LoopScore {
  readonly parts: ReadonlyMap<string, LoopMaterial>;
  /** Ms of one beat at the score's opening tempo. */
  readonly beat: number;
}

/** A part's loop name goes into every message, where the protocol allows 64 characters. */
const MAX_NAME = 64;

/** The code does not parse or evaluate: the message is Alda's `FILE:LINE:COL message`; `span` and `source` say where. */
export class LoopEvalError extends Error {
  readonly code: string;
  readonly source: SourceText;
  readonly span: Span | undefined;
  constructor(code: string, message: string, source: SourceText, span?: Span) {
    super(message);
    this.name = 'LoopEvalError';
    this.code = code;
    this.source = source;
    this.span = span;
  }
}

/**
 * Evaluates a score afresh and cuts it into loops, one per part. Parts are named as declared,
 * so that a part keeps its identity across saves even when others are added before it (ids and
 * channels are handed out in order of appearance). A part without notes has nothing to loop.
 */
export function loopScore(code: string, name = '<no file>'): LoopScore {
  let compiled;
  try {
    compiled = compile(code, name);
  } catch (error) {
    if (error instanceof AldaError) {
      const source = new SourceText(code, name);
      throw new LoopEvalError(error.code, error.describe(source), source, error.span);
    }
    throw error;
  }
  const { score, view } = compiled;
  const names = new Map<string, string>();
  for (const part of view.parts) {
    let key = part.name.slice(0, MAX_NAME);
    for (let n = 2; [...names.values()].includes(key); n++) key = `${part.name.slice(0, MAX_NAME - 4)}#${n}`;
    names.set(part.id, key);
  }
  const ends = new Map<string, number>();
  for (const part of score.state.parts) ends.set(part.id, Math.max(ends.get(part.id) ?? 0, part.currentOffset));
  for (const event of view.events) ends.set(event.part, Math.max(ends.get(event.part) ?? 0, event.offset + event.duration));

  const grouped = new Map<string, LoopMessage[]>();
  for (const message of midiMessages(view)) {
    const key = names.get(message.part)!;
    let list = grouped.get(key);
    if (!list) grouped.set(key, (list = []));
    list.push({ t: message.offset, d: message.data, p: key });
  }
  const parts = new Map<string, LoopMaterial>();
  for (const [id, key] of names) {
    const messages = grouped.get(key);
    const length = ends.get(id) ?? 0;
    if (!messages || !(length > 0)) continue;
    parts.set(key, { part: key, length, messages, signature: signatureOf(length, messages) });
  }
  const bpm = view.tempoChanges[0]?.offset === 0 ? view.tempoChanges[0].bpm : 120;
  return { parts, beat: 60_000 / bpm };
}

/** Times to a microsecond: two evaluations of the same text agree exactly; this absorbs float noise. */
export function signatureOf(length: number, messages: readonly LoopMessage[]): string {
  const round = (ms: number) => Math.round(ms * 1000);
  return `${round(length)}|${messages.map((m) => `${round(m.t)}:${m.d.join(',')}`).join(';')}`;
}
