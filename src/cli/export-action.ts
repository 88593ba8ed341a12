import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { exportableScore, exportMidi, exportWav, type ExportableScore, type ExportFormat } from '../sound/score-export.js';
import { progressBar } from './progress-bar.js';
import { reportError } from './report-error.js';
import { tierForScore } from './compiler-tiering.js';
import { LOCAL_SCORE_LENGTH, readScoreInput, type ScoreInputOptions } from './score-input.js';

type Format = ExportFormat;

export interface ExportOptions extends ScoreInputOptions {
  readonly output?: string | undefined;
  readonly format?: Format;
  readonly from?: string;
  readonly to?: string;
  readonly sampleRate: number;
  readonly effects: boolean;
  readonly gain: number;
}

/** Runs `alda-live export` (loaded only when that command runs: it brings the engine and the MIDI writer). */
export async function runExport(options: ExportOptions): Promise<void> {
  let input: { text: string; name: string } | undefined;
  try {
    if (options.output === '-') options = { ...options, output: undefined };
    input = readScoreInput(options);
    tierForScore(input.text.length);
    const format = chooseFormat(options);
    const score = exportableScore(input.text, input.name, { from: options.from, to: options.to }, { maxLength: LOCAL_SCORE_LENGTH });
    if (format === 'midi') writeMidi(score, options.output);
    else await writeWav(score, options.output!, options);
  } catch (error) {
    reportError(error, input?.text, input?.name);
  }
}

const EXTENSIONS: Readonly<Record<string, Format>> = { '.mid': 'midi', '.midi': 'midi', '.smf': 'midi', '.wav': 'wav', '.wave': 'wav' };


function chooseFormat(options: ExportOptions): Format {
  if (options.output === undefined) {
    if (options.format === 'wav') throw new InvalidArgumentError('WAV needs a file to write: give -o FILE.wav');
    if (process.stdout.isTTY) throw new InvalidArgumentError('give -o FILE (.mid or .wav), or redirect standard output to a file');
    return 'midi';
  }
  if (options.format) return options.format;
  const format = EXTENSIONS[extname(options.output).toLowerCase()];
  if (!format) {
    throw new InvalidArgumentError(`cannot tell the format from "${options.output}": name it .mid or .wav, or give --format midi|wav`);
  }
  return format;
}

function writeMidi(score: ExportableScore, output: string | undefined): void {
  const bytes = exportMidi(score);
  if (output === undefined) process.stdout.write(bytes);
  else writeOutput(output, () => writeFileSync(output, bytes));
}

async function writeWav(score: ExportableScore, output: string, { sampleRate, effects, gain }: ExportOptions): Promise<void> {
  const progress = progressBar(`Rendering ${basename(output)}`);
  const started = performance.now();
  try {
    const result = await exportWav(score, output, { sampleRate, effects, gain, onProgress: (done, total) => progress.update(done, total) }).catch(
      (error: unknown) => {
        throw asOutputError(output, error);
      },
    );
    progress.finish();
    if (process.stderr.isTTY) {
      const seconds = result.frames / result.sampleRate;
      const took = (performance.now() - started) / 1000;
      process.stderr.write(`Wrote ${output}: ${seconds.toFixed(1)} s of audio in ${took.toFixed(1)} s (${(seconds / took).toFixed(0)}× real time)\n`);
    }
  } finally {
    progress.finish();
  }
}

/** The output file cannot be written. */
class OutputError extends Error {
  readonly code = 'ALDA_CANNOT_WRITE';
}

/** Runs a write, turning the file system's refusal (no such folder, no permission) into a user's error. */
function writeOutput(path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw asOutputError(path, error);
  }
}

function asOutputError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('E') && !code.startsWith('ERR_')
    ? new OutputError(`cannot write ${path}: ${code}`)
    : error;
}
