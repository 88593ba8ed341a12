import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AldaServer } from '../../src/server/server.js';
import WebSocket from 'ws';
import { stopServer, testServer, within } from '../pipeline/harness.js';

/** How a page gets the token without it ever being in a URL: a one-time code, `POST /auth`, the token as a subprotocol. */
const test = suite<{ server: AldaServer; dir: string }>('page auth');

test.before(async (context) => {
  Object.assign(context, await testServer({ spawnPerformers: false }));
});

test.after(async ({ server, dir }) => {
  if (server) await stopServer(server, dir);
});

const auth = (server: AldaServer, body: string) => fetch(`http://127.0.0.1:${server.port}/auth`, { method: 'POST', body });

test('a code is traded for the token once; an unknown or spent one gets 401', async ({ server }) => {
  const code = server.mintPageCode();
  const first = await auth(server, code);
  assert.is(first.status, 200);
  assert.equal(await first.json(), { token: server.token });
  assert.is(first.headers.get('cache-control'), 'no-store');
  assert.is((await auth(server, code)).status, 401);
  assert.is((await auth(server, 'not-a-code')).status, 401);
});

test('the page is served with no referrer and a policy that loads only from the server', async ({ server }) => {
  const page = await fetch(`http://127.0.0.1:${server.port}/performer`);
  assert.is(page.status, 200);
  assert.is(page.headers.get('referrer-policy'), 'no-referrer');
  assert.match(page.headers.get('content-security-policy')!, /default-src 'self'/);
  assert.match(await page.text(), /<script type="module" src="\/performer\/performer.js">/);
  assert.is((await fetch(`http://127.0.0.1:${server.port}/elsewhere`)).status, 426);
});

/** What a browser's `new WebSocket(url, ['alda-live', 'alda-live.token.T'])` gets: the subprotocol chosen, or the refusal's status. */
function pageUpgrade(url: string, origin: string, token: string): Promise<string | number> {
  return within(10_000, `the upgrade to ${url}`, (resolve) => {
    const socket = new WebSocket(url, ['alda-live', `alda-live.token.${token}`], { origin });
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

test('a browser upgrades with the token as a subprotocol, from the server own origin only', async ({ server }) => {
  const url = `ws://127.0.0.1:${server.port}/performer`;
  const own = `http://127.0.0.1:${server.port}`;
  // The answer names `alda-live` only: the token is not sent back.
  assert.is(await pageUpgrade(url, own, server.token), 'alda-live');
  assert.is(await pageUpgrade(url, 'http://127.0.0.1:1', server.token), 403);
  assert.is(await pageUpgrade(url, own, 'wrong'), 401);
});

test.run();
