import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { startServer } from '../../src/server/server.js';
import { ask } from '../broker/ask.js';
import { freshDir, RawClient, stopServer } from '../pipeline/harness.js';

/** A server as `--allow-remote` starts it (bound to loopback here: the flag is what counts), with no processes of its own. */
async function serve(allowRemote: boolean) {
  const dir = freshDir('alda-live-paths-');
  const server = await startServer({ port: 0, allowRemote, stateDir: dir, newScore: () => new EngineScore(), spawnPerformers: false, services: { spawnWorkers: false }, log: () => {} });
  return { dir, server, client: await RawClient.open(server) };
}

const outside = (dir: string) => join(dir, 'elsewhere', 'song.mid');

test('with --allow-remote, an export job, an exporter request and a recording outside STATE_DIR/files are refused, saying where files may go', async () => {
  const { dir, server, client } = await serve(true);
  try {
    const files = join(dir, 'files');
    const job = await ask(client, { type: 'job.submit', id: 'j', code: 'piano: c', do: { kind: 'export', path: outside(dir), format: 'midi' } });
    assert.is(job.code, 'ALDA_PATH_NOT_ALLOWED');
    assert.is(job.message, `This server takes remote connections (--allow-remote), so it writes only under ${files}: ${outside(dir)} is outside it`);
    const played = await ask(client, { type: 'job.submit', id: 'p', code: 'piano: c', do: { kind: 'play', sink: { record: '/tmp/x.jsonl' } } });
    assert.is(played.code, 'ALDA_PATH_NOT_ALLOWED');
    const request = await ask(client, { type: 'request', id: 'r', service: 'exporter', body: { code: 'piano: c', format: 'midi', path: outside(dir), key: 'k' } });
    assert.is(request.code, 'ALDA_PATH_NOT_ALLOWED');
    const evaluated = await ask(client, { type: 'eval', id: 'e', session: 's', code: 'piano: c', sink: { record: join(files, '..', 'escape.jsonl') } });
    assert.is(evaluated.code, 'ALDA_PATH_NOT_ALLOWED');
    assert.is((await ask(client, { type: 'position', id: 'q', session: 's' })).code, 'ALDA_NO_SUCH_SESSION', 'the refused eval made no session');
    const live = await ask(client, { type: 'live', id: 'l', session: 's', code: 'piano: c', sink: { record: '/tmp/y.jsonl' } });
    assert.is(live.code, 'ALDA_PATH_NOT_ALLOWED');
    symlinkSync(dir, join(files, 'link'));
    const linked = await ask(client, { type: 'job.submit', id: 'k', code: 'piano: c', do: { kind: 'export', path: join(files, 'link', 'x.mid'), format: 'midi' } });
    assert.is(linked.code, 'ALDA_PATH_NOT_ALLOWED', 'a symbolic link out of the directory is followed');
    mkdirSync(join(files, 'mine'));
    const inside = await ask(client, { type: 'job.submit', id: 'i', code: 'piano: c', do: { kind: 'export', path: join(files, 'mine', 'song.mid'), format: 'midi' } });
    assert.is(inside.type, 'reply', JSON.stringify(inside));
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test('without --allow-remote, the user may write where they like', async () => {
  const { dir, server, client } = await serve(false);
  try {
    const job = await ask(client, { type: 'job.submit', id: 'j', code: 'piano: c', do: { kind: 'export', path: outside(dir), format: 'midi' } });
    assert.is(job.type, 'reply', JSON.stringify(job));
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test.run();
