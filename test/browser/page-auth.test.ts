import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AldaServer } from '../../src/server/server.js';
import WebSocket from 'ws';
import { stopServer, testServer, within } from '../pipeline/harness.js';

/**
 * One login for both pages: the performer page gets in as the live-coding page does, a one-time
 * code traded at `POST /credential` for a page credential, presented as a subprotocol. The token
 * itself never reaches a page, in a URL or anywhere else.
 */
const test = suite<{ server: AldaServer; dir: string; origin: string }>('page auth');

test.before(async (context) => {
  Object.assign(context, await testServer({ spawnPerformers: false }));
  context.origin = `http://127.0.0.1:${context.server.port}`;
});

test.after(async ({ server, dir }) => {
  if (server) await stopServer(server, dir);
});

const exchange = (origin: string, code: string) =>
  fetch(`${origin}/credential`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });

/** What a browser's `new WebSocket(url, ['alda-live', secret])` gets: the subprotocol chosen, or the refusal's status. */
function pageUpgrade(url: string, origin: string, secret: string): Promise<string | number> {
  return within(10_000, `the upgrade to ${url}`, (resolve) => {
    const socket = new WebSocket(url, ['alda-live', secret], { origin });
    socket.once('open', () => {
      resolve(socket.protocol);
      socket.close();
    });
    socket.once('unexpected-response', (_, response) => {
      socket.terminate();
      resolve(response.statusCode ?? 0);
    });
    socket.once('error', () => {});
  });
}

test('a performer page’s code is traded once for a page credential, which lets it connect as a performer; the token does not', async ({ server, origin }) => {
  const code = server.mintPageCode();
  const first = await exchange(origin, code);
  assert.is(first.status, 200);
  const { credential } = (await first.json()) as { credential: string };
  assert.is.not(credential, server.token);
  assert.is((await exchange(origin, code)).status, 403, 'a code is good once');
  const url = `ws://127.0.0.1:${server.port}/performer`;
  // The answer names `alda-live` only: the credential is not sent back.
  assert.is(await pageUpgrade(url, origin, `alda-live.credential.${credential}`), 'alda-live');
  assert.is(await pageUpgrade(url, 'http://127.0.0.1:1', `alda-live.credential.${credential}`), 403);
  assert.is(await pageUpgrade(url, origin, `alda-live.token.${server.token}`), 401, 'a page never presents the token');
  assert.is((await fetch(`${origin}/auth`, { method: 'POST', body: code })).status, 426, 'no second way in');
});

test('the performer page is served with no referrer and a policy that loads only from the server', async ({ origin }) => {
  const page = await fetch(`${origin}/performer`);
  assert.is(page.status, 200);
  assert.is(page.headers.get('referrer-policy'), 'no-referrer');
  assert.match(page.headers.get('content-security-policy')!, /default-src 'self'/);
  assert.match(await page.text(), /<script type="module" src="\/performer\/performer.js">/);
  assert.is((await fetch(`${origin}/elsewhere`)).status, 426);
});

test.run();
