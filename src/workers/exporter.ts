import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { midiFile } from '../engine/midi-file.js';
import { midiMessages } from '../engine/midi-messages.js';
import { stagingFile } from '../files/staging-file.js';
import { renderWav } from '../sound/render-wav.js';
import { commitFile } from './durable-write.js';
import { ServiceFailure, type ServiceHandler } from './service-handler.js';
import { viewFromJson } from '../protocol/view-json.js';

const exportBody = z.object({
  view: z.unknown(),
  format: z.enum(['midi', 'wav']),
  /** Absolute: a worker has no idea of the client's working directory. */
  path: z.string().min(1).max(4096).refine(isAbsolute, 'an absolute path'),
  /** Names the staging file, so that a repeat of the same request (a job resumed) reuses it. */
  key: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  /** The sequence name written into a MIDI file. */
  name: z.string().max(200).optional(),
  sampleRate: z.number().int().min(8000).max(192_000).optional(),
  effects: z.boolean().optional(),
});

/**
 * Service `exporter`: a built score (the compiler's `view`) → a MIDI or WAV file at `path`.
 * The file is written beside its destination as `.NAME.KEY.part`, fsynced and renamed into
 * place, so the destination only ever holds a whole file, and a repeated request (at-least-once
 * delivery) writes the same bytes under the same name. WAV renders report `partial`
 * `{done, total}` (frames) about every tenth. Final: `{path, bytes, sha256}`.
 */
export const exporter: ServiceHandler = async (body, partial) => {
  const parsed = exportBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ServiceFailure('ALDA_BAD_MESSAGE', `Invalid export request at ${issue.path.join('.')}: ${issue.message}`);
  }
  const request = parsed.data;
  const view = viewFromJson(request.view);
  if (typeof view === 'string') throw new ServiceFailure('ALDA_BAD_MESSAGE', `Invalid export request: ${view}`);
  const staged = stagingFile(request.path, request.key);
  try {
    if (request.format === 'midi') {
      await writeFile(staged, midiFile(view, request.name === undefined ? {} : { name: request.name }));
    } else {
      const sampleRate = request.sampleRate ?? 44_100;
      const messages = midiMessages(view).map((message) => ({ frame: Math.round((message.offset * sampleRate) / 1000), data: message.data }));
      let reported = 0;
      await renderWav(messages, staged, {
        sampleRate,
        effects: request.effects ?? true,
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
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new ServiceFailure('ALDA_CANNOT_WRITE', `cannot write ${request.path}: ${code}`);
    throw error;
  }
  const bytes = await readFile(request.path);
  return { path: request.path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
};
