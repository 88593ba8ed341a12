import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import WebSocket from 'ws';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { startServer, type AldaServer } from '../../src/server/server.js';
import { ask } from '../broker/ask.js';
import { freshDir, RawClient, stopServer, within } from '../pipeline/harness.js';

/**
 * `sink.browser` names a program the server runs (docs/security.md, "The browser a client
 * names"): taken from a local client with the token, refused from a page and on a server that
 * other machines reach. The refusal comes before anything is done: no session, nothing started.
 */
async function serve(allowRemote: boolean) {
  const dir = freshDir('alda-live-browser-path-');
  const server = await startServer({ port: 0, allowRemote, stateDir: dir, newScore: () => new EngineScore(), spawnPerformers: false, services: { spawnWorkers: false }, log: () => {} });
  return { dir, server };
}

const naming = { engine: 'browser', browser: '/bin/sh' };
const REFUSED = /the server starts only its own browser \(server --browser, or Chromium on its PATH\), not one a request names/;

/** A connection as the live-coding page makes it: from the server's own origin, with a page credential. */
async function pageConnection(server: AldaServer): Promise<RawClient> {
  const origin = `http://127.0.0.1:${server.port}`;
  const answer = await fetch(`${origin}/credential`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ code: server.mintPageCode() }) });
  const { credential } = (await answer.json()) as { credential: string };
  const socket = new WebSocket(server.url, ['alda-live', `alda-live.credential.${credential}`], { origin });
  await within(10_000, 'the page connection', (resolve) => socket.once('open', resolve));
  return { socket } as RawClient;
}

test('with --allow-remote, a session or a play job naming a browser is refused, and makes no session', async () => {
  const { dir, server } = await serve(true);
  const client = await RawClient.open(server);
  try {
    const evaluated = await ask(client, { type: 'eval', id: 'e', session: 's', code: 'piano: c', sink: naming });
    assert.is(evaluated.code, 'ALDA_PATH_NOT_ALLOWED');
    assert.match(String(evaluated.message), /^This server takes remote connections \(--allow-remote\): /);
    assert.match(String(evaluated.message), REFUSED);
    assert.is((await ask(client, { type: 'position', id: 'q', session: 's' })).code, 'ALDA_NO_SUCH_SESSION');
    const job = await ask(client, { type: 'job.submit', id: 'j', code: 'piano: c', do: { kind: 'play', sink: naming } });
    assert.is(job.code, 'ALDA_PATH_NOT_ALLOWED');
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test('on loopback, the live-coding page may not name a browser; it may ask for the server’s own', async () => {
  const { dir, server } = await serve(false);
  const page = await pageConnection(server);
  try {
    const named = await ask(page, { type: 'join', id: 'n', session: 's', sink: naming });
    assert.is(named.code, 'ALDA_PATH_NOT_ALLOWED');
    assert.match(String(named.message), /^A page in a browser: /);
    const own = await ask(page, { type: 'engine', id: 'o', session: 's', engine: 'browser' });
    assert.equal(own.result, { session: 's', engine: 'browser', changed: false });
  } finally {
    page.socket.close();
    await stopServer(server, dir);
  }
});

test('a page in a browser records only under the state dir: a recording elsewhere is refused before anything is done', async () => {
  const { dir, server } = await serve(false);
  const page = await pageConnection(server);
  try {
    const elsewhere = await ask(page, { type: 'eval', id: 'r', session: 's', code: 'piano: c', sink: { record: join(dir, '..', 'page-wrote-here.jsonl') } });
    assert.is(elsewhere.code, 'ALDA_PATH_NOT_ALLOWED');
    assert.match(String(elsewhere.message), /^The server takes this request from a page in a browser, so it writes only under /);
    assert.is((await ask(page, { type: 'position', id: 'q', session: 's' })).code, 'ALDA_NO_SUCH_SESSION');
  } finally {
    page.socket.close();
    await stopServer(server, dir);
  }
});

test.run();
