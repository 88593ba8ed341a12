import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { AldaError } from '../lisp/errors.js';
import { SourceText } from '../lisp/source.js';
import { OffsetReferenceError } from '../engine/play-range.js';
import { stagingFile } from '../files/staging-file.js';
import { exportableScore, exportMidi, exportWav } from '../sound/score-export.js';
import { WavTooLongError } from '../sound/wav-writer.js';
import { commitFile } from './durable-write.js';
import { ServiceFailure, type ServiceHandler } from './service-handler.js';

const exportBody = z.object({
  /** The score, as Alda text: the exporter compiles it itself, so no built score crosses a message. */
  code: z.string(),
  /** The score's file name, for error positions and the MIDI sequence name. */
  name: z.string().max(4096).optional(),
  format: z.enum(['midi', 'wav']),
  /** Absolute: a worker has no idea of the client's working directory. */
  path: z.string().min(1).max(4096).refine(isAbsolute, 'an absolute path'),
  /** Names the staging file, so that a repeat of the same request (a job resumed) reuses it. */
  key: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  sampleRate: z.number().int().min(8000).max(192_000).optional(),
  effects: z.boolean().optional(),
  gain: z.number().min(-60).max(24).optional(),
});

/**
 * Service `exporter`: Alda text → a MIDI or WAV file at `path`, by the code path of
 * `alda-live export` (src/sound/score-export.ts), so a job's file equals the command's byte for
 * byte. The file is written beside its destination as `.NAME.KEY.part`, fsynced and renamed into
 * place, so the destination only ever holds a whole file, and a repeated request (at-least-once
 * delivery) writes the same bytes under the same name. Partials: `{step: "built", notes, end}`
 * once the score is evaluated, then for WAV `{done, total}` (frames) about every tenth. Final:
 * `{path, bytes, sha256}`: however big the file, only this reference travels.
 */
export const exporter: ServiceHandler = async (body, partial) => {
  const parsed = exportBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ServiceFailure('ALDA_BAD_MESSAGE', `Invalid export request at ${issue.path.join('.')}: ${issue.message}`);
  }
  const request = parsed.data;
  const name = request.name ?? '<no file>';
  let score;
  try {
    score = exportableScore(request.code, name);
  } catch (error) {
    if (error instanceof AldaError) throw new ServiceFailure(error.code, error.describe(new SourceText(request.code, name)));
    if (error instanceof OffsetReferenceError) throw new ServiceFailure(error.code, error.message);
    throw error;
  }
  partial({ step: 'built', notes: score.view.notes.length, end: score.end });
  const staged = stagingFile(request.path, request.key);
  try {
    if (request.format === 'midi') {
      await writeFile(staged, exportMidi(score));
    } else {
      let reported = 0;
      await exportWav(score, staged, {
        sampleRate: request.sampleRate,
        effects: request.effects,
        gain: request.gain,
        onProgress: (done, total) => {
          if (done - reported < total / 10 && done < total) return;
          reported = done;
          partial({ done, total });
        },
      });
    }
    await commitFile(staged, request.path);
  } catch (error) {
    await rm(staged, { force: true });
    if (error instanceof WavTooLongError) throw new ServiceFailure(error.code, error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new ServiceFailure('ALDA_CANNOT_WRITE', `cannot write ${request.path}: ${code}`);
    throw error;
  }
  const bytes = await readFile(request.path);
  return { path: request.path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
};
