import { basename, extname } from 'node:path';
import { midiFile } from '../engine/midi-file.js';
import { midiMessages } from '../engine/midi-messages.js';
import type { PlayRange } from '../engine/play-range.js';
import type { ParseOptions } from '../engine/parser/parse.js';
import { scoreInRange } from '../engine/score-range.js';
import type { ScoreView } from '../engine/score-view.js';
import type { RenderResult } from './render-wav.js';

export type ExportFormat = 'midi' | 'wav';

/** A score ready to be written: the notes in the range, and where the music ends (ms from its start, rests included). */
export interface ExportableScore {
  readonly view: ScoreView;
  readonly end: number;
  /** The score's file name as given (`<no file>` for text): the MIDI sequence name comes from it. */
  readonly name: string;
}

export interface WavExportOptions {
  /** 44,100 unless told. */
  readonly sampleRate?: number | undefined;
  /** Reverb and chorus; on unless told. */
  readonly effects?: boolean | undefined;
  /** dB relative to the calibrated level; 0 unless told. */
  readonly gain?: number | undefined;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The one way a score becomes a file, for `alda-live export` and for the `exporter` service
 * (jobs) alike, so that both write the same bytes: Alda text → the evaluated score, cut to
 * `--from`/`--to` (a marker it lacks, or a start past its end, refused), ending where the score
 * ends (trailing rests kept), not at its last note.
 */
export function exportableScore(text: string, name: string, range: PlayRange = {}, parse: ParseOptions = {}): ExportableScore {
  const { view, length } = scoreInRange(text, name, range, parse);
  return { view, end: length, name };
}

/** The Standard MIDI File of a score (docs/export.md). */
export function exportMidi(score: ExportableScore): Uint8Array {
  const name = sequenceName(score.name);
  return midiFile(score.view, name === undefined ? { end: score.end } : { name, end: score.end });
}

/** Renders a score to a WAV file at `path` through the built-in synth (loaded only now: most of a MIDI export's cost otherwise). */
export async function exportWav(score: ExportableScore, path: string, options: WavExportOptions = {}): Promise<RenderResult> {
  const sampleRate = options.sampleRate ?? 44_100;
  const messages = midiMessages(score.view).map((message) => ({ frame: Math.round((message.offset * sampleRate) / 1000), data: message.data }));
  const { renderWav } = await import('./render-wav.js');
  return renderWav(messages, path, {
    sampleRate,
    effects: options.effects ?? true,
    gain: options.gain ?? 0,
    minFrames: Math.round((score.end * sampleRate) / 1000),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

/** The MIDI sequence name: the score's file name without folders or extension; none for text. */
function sequenceName(scoreName: string): string | undefined {
  if (scoreName === '<no file>' || scoreName === '') return undefined;
  return basename(scoreName, extname(scoreName));
}
