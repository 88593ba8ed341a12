import { statSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import type { AldaServer } from '../../src/server/server.js';
import { readServerState } from '../../src/protocol/state-file.js';
import { stopServer, testServer, upgrade } from '../pipeline/harness.js';

const test = suite<{ server: AldaServer; dir: string }>('security');

test.before(async (context) => {
  Object.assign(context, await testServer({ spawnPerformers: false }));
});

test.after(async ({ server, dir }) => {
  if (server) await stopServer(server, dir);
});

test('the state file holds the address and token, readable by the user only', ({ server, dir }) => {
  const state = readServerState(dir)!;
  assert.is(state.url, server.url);
  assert.is(state.token, server.token);
  assert.is(state.pid, process.pid);
  assert.is(statSync(join(dir, 'server.json')).mode & 0o777, 0o600);
});

const cases: { label: string; headers: (token: string) => Record<string, string>; query?: (token: string) => string; expect: number }[] = [
  { label: 'the right token', headers: (t) => ({ authorization: `Bearer ${t}` }), expect: 101 },
  { label: 'the token in the query', headers: () => ({}), query: (t) => `?token=${t}`, expect: 101 },
  { label: 'no token', headers: () => ({}), expect: 401 },
  { label: 'a wrong token', headers: (t) => ({ authorization: `Bearer ${t.slice(1)}x` }), expect: 401 },
  { label: 'a web page (Origin)', headers: (t) => ({ authorization: `Bearer ${t}`, origin: 'https://evil.example' }), expect: 403 },
  { label: 'a rebound host name', headers: (t) => ({ authorization: `Bearer ${t}`, host: 'evil.example:80' }), expect: 403 },
];
for (const { label, headers, query, expect } of cases) {
  test(`an upgrade with ${label} gets ${expect}`, async ({ server }) => {
    assert.is(await upgrade(server.url + (query?.(server.token) ?? ''), headers(server.token)), expect);
  });
}

test('a message over the size limit closes that connection only', async () => {
  const small = await testServer({ spawnPerformers: false, maxPayload: 1024 });
  try {
    const socket = new WebSocket(small.server.url, { headers: { authorization: `Bearer ${small.server.token}` } });
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(JSON.stringify({ v: 1, type: 'ping', id: 'x'.repeat(2000) }));
    assert.is(await closed, 1009);
  } finally {
    await stopServer(small.server, small.dir);
  }
});

test.run();
