import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createNamespaces, namespacesUnavailable, type Namespaces } from '../support/netns.js';
import { freshDir, isNoteOn, readRecording, waitFor } from '../pipeline/harness.js';
import { removeStateDir } from '../support/state-dir.js';
import { Peer } from './ensemble.js';

const BIN = fileURLToPath(new URL('../../bin/alda-live.js', import.meta.url));

/**
 * A performer on another machine: the server listens on its namespace's address with
 * --allow-remote and starts no performer; `alda-live performer --connect` runs in a second
 * namespace with the token, measures the server's clock, and plays the session.
 */
interface Context {
  namespaces: Namespaces;
  server: Peer;
  performer: ChildProcess;
  lines: string[];
  dir: string;
}
const remote = suite<Context>('remote performer', {} as Context);

remote.before(async (context) => {
  context.dir = freshDir('alda-live-remote-');
  context.namespaces = createNamespaces(2);
  context.server = new Peer(context.namespaces, 0, ['--remote', '10.213.0.1']);
  const { url, token } = await context.server.ready;
  context.lines = [];
  context.performer = context.namespaces.spawn(1, process.execPath, [BIN, 'performer', '--connect', url, '--record', join(context.dir, 'remote.jsonl')], {
    env: { ...process.env, ALDA_LIVE_TOKEN: token, ALDA_LIVE_STATE_DIR: context.dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  createInterface({ input: context.performer.stderr! }).on('line', (line) => context.lines.push(line));
});

remote.after(async (context) => {
  context.performer?.kill('SIGTERM');
  await context.server?.close();
  context.namespaces.remove();
  removeStateDir(context.dir);
});

remote('connects with the token, measures the clock offset, and plays the session', async (context) => {
  const measured = await waitFor('the clock offset', () => context.lines.find((line) => line.startsWith("The server's clock is")), 30_000);
  // One machine, one clock: the offset is what the measurement gets wrong.
  const [, offset, accuracy] = /is ([+-][\d.]+) ms from ours \(± ([\d.]+) ms, 32 round trips\)/.exec(measured)!;
  assert.ok(Math.abs(Number(offset)) <= Number(accuracy) + 1, measured);
  assert.ok(Number(accuracy) < 50, measured);
  assert.ok(context.lines.some((line) => line.startsWith('Connected to ws://10.213.0.1:')), context.lines.join('\n'));

  await context.server.request('eval', { session: 'r', code: 'piano: c8 d8 e8' });
  const record = join(context.dir, 'remote.jsonl');
  const ons = await waitFor('three notes on the remote performer', () => {
    const notes = readRecording(record).filter(isNoteOn);
    return notes.length >= 3 && notes;
  });
  assert.equal(ons.map((on) => on.data[1]), [60, 62, 64]);
});

const unavailable = namespacesUnavailable();
if (unavailable === undefined) remote.run();
else if (process.env.CI) throw new Error(`The remote performer test needs network namespaces, and CI must have them: ${unavailable}`);
else console.log(`skipped: the remote performer test (test/ensemble/remote-performer.test.ts): ${unavailable}`);
