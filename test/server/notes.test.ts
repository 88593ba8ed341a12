import * as assert from 'uvu/assert';
import type { EvalResult, NotesResult } from '../../src/protocol/results.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { serverSuite, type ServerContext } from '../pipeline/harness.js';

/** `notes`: what the live-coding page's piano roll asks for, from a real server and a real performer. */
const test = serverSuite<ServerContext>('notes', { newScore: () => new EngineScore() });

let ids = 0;
async function ask<T>({ client }: ServerContext, message: Record<string, unknown>): Promise<T> {
  const reply = await client.request({ v: 1, id: `notes:${++ids}`, ...message });
  if (reply.type !== 'reply') throw new Error(JSON.stringify(reply));
  return reply.result as T;
}

test('the notes of an evaluation, where the performer placed them on the timeline', async (context) => {
  const played = await ask<EvalResult>(context, { type: 'eval', session: 'roll', code: '(tempo 120) piano: c4 d e8' });
  const { notes, position, more } = await ask<NotesResult>(context, { type: 'notes', session: 'roll' });
  assert.equal(notes.map((note) => note.key), [60, 62, 64]);
  assert.equal(notes.map((note) => note.start - played.firstDue!), [0, 500, 1000]);
  assert.ok(notes.every((note) => note.end > note.start && note.velocity > 0 && note.part !== ''));
  assert.type(position, 'number');
  assert.not.ok(more);
  const window = await ask<NotesResult>(context, { type: 'notes', session: 'roll', from: played.firstDue! + 600, to: played.firstDue! + 700 });
  assert.equal(window.notes.map((note) => note.key), [62]);
});

test('a stop takes back what had not yet played', async (context) => {
  const played = await ask<EvalResult>(context, { type: 'eval', session: 'cut', code: '(tempo 60) piano: c1 d e f g' });
  await ask(context, { type: 'stop', session: 'cut' });
  const { notes } = await ask<NotesResult>(context, { type: 'notes', session: 'cut' });
  // The stop comes within a few ms of the first note's start: before or after it.
  assert.ok(notes.length <= 1 && notes.every((note) => note.key === 60 && note.end < played.firstDue! + 1000), JSON.stringify(notes));
});

test('a session that is not there is an error', async (context) => {
  const reply = await context.client.request({ v: 1, id: 'notes:none', type: 'notes', session: 'nowhere' });
  assert.is(reply.code, 'ALDA_NO_SUCH_SESSION');
});

test.run();
