import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { PageKeys } from '../../src/server/transport/page-keys.js';
import { serverSuite, within, type ServerContext } from '../pipeline/harness.js';

/**
 * How the live-coding page gets in (src/server/transport/page-keys.ts): a one-time code from a
 * client that has the token, exchanged over HTTP from the page's own origin for a credential that
 * the page presents as a WebSocket subprotocol. Real server, real HTTP, real upgrades.
 */
const pageDir = mkdtempSync(join(tmpdir(), 'alda-live-page-'));
writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>test page</title>');
const test = serverSuite<ServerContext & { http: string; origin: string }>('page access', { spawnPerformers: false, pageDir: pathToFileURL(pageDir + '/') });

test.before((context) => {
  context.http = context.server.url.replace(/^ws/, 'http');
  context.origin = context.http;
});
test.after(() => rmSync(pageDir, { recursive: true, force: true }));

let ids = 0;
async function freshCode({ client }: ServerContext, session?: string): Promise<{ url: string; code: string }> {
  const reply = await client.request({ v: 1, type: 'page', id: `page:${++ids}`, session });
  const { url } = reply.result as { url: string };
  return { url, code: new URLSearchParams(new URL(url).hash.slice(1)).get('code')! };
}

function exchange(http: string, code: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${http}/credential`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ code }) });
}

/** The status of an upgrade offering these subprotocols (101 when let in), and the subprotocol the server chose. */
function upgradeWith(url: string, protocols: string[], headers: Record<string, string>): Promise<{ status: number; protocol?: string }> {
  return within(10_000, `the upgrade to ${url}`, (resolve) => {
    const socket = new WebSocket(url, protocols, { headers });
    socket.once('open', () => {
      resolve({ status: 101, protocol: socket.protocol });
      socket.close();
    });
    socket.once('unexpected-response', (_, response) => {
      socket.terminate();
      resolve({ status: response.statusCode ?? 0 });
    });
    socket.once('error', () => {});
  });
}

test('`page` answers a link to the server with a one-time code in its fragment, and the session', async (context) => {
  const { url, code } = await freshCode(context, 'jam');
  const link = new URL(url);
  assert.is(`${link.protocol}//${link.host}`, context.http);
  assert.is(link.pathname, '/');
  assert.is(link.search, '', 'nothing in the query, which a server log or a Referer would carry');
  assert.ok(code.length >= 32);
  assert.is(new URLSearchParams(link.hash.slice(1)).get('session'), 'jam');
  assert.not.ok(url.includes(context.server.token));
});

test('the page is served with a policy that lets it load only its own files and talk only to us', async ({ http }) => {
  const response = await fetch(`${http}/`);
  assert.is(response.status, 200);
  assert.match(await response.text(), /test page/);
  const policy = response.headers.get('content-security-policy')!;
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /script-src 'self'/);
  assert.match(policy, new RegExp(`connect-src 'self' ws://${new URL(http).host}`));
  assert.match(policy, /frame-ancestors 'none'/);
  assert.is(response.headers.get('referrer-policy'), 'no-referrer');
  assert.is(response.headers.get('cache-control'), 'no-store');
});

test('a file of the page that was not built says how to build it', async ({ http }) => {
  const response = await fetch(`${http}/page.js`);
  assert.is(response.status, 503);
  assert.match(await response.text(), /npm run build/);
});

test('any other path still says the server speaks WebSocket', async ({ http }) => {
  assert.is((await fetch(`${http}/elsewhere`)).status, 426);
});

test('a code is exchanged once, from the page’s own origin, for a credential that opens a connection', async (context) => {
  const { code } = await freshCode(context);
  const answer = await exchange(context.http, code, { origin: context.origin });
  assert.is(answer.status, 200);
  assert.is(answer.headers.get('cache-control'), 'no-store');
  const { credential } = (await answer.json()) as { credential: string };
  const again = await exchange(context.http, code, { origin: context.origin });
  assert.is(again.status, 403, 'a spent code');
  assert.match(await again.text(), /alda-live page/);
  const opened = await upgradeWith(context.server.url, ['alda-live', `alda-live.credential.${credential}`], { origin: context.origin });
  assert.equal(opened, { status: 101, protocol: 'alda-live' }, 'the answer names alda-live, never the credential');
});

const refusals: { label: string; headers: (origin: string) => Record<string, string>; status: number }[] = [
  { label: 'from another origin', headers: () => ({ origin: 'http://evil.example' }), status: 403 },
  { label: 'from another port of this host', headers: (origin) => ({ origin: origin.replace(/:\d+$/, ':1') }), status: 403 },
  { label: 'with no origin (not a page)', headers: () => ({}), status: 403 },
  { label: 'to a rebound host name', headers: () => ({ origin: 'http://evil.example', host: 'evil.example' }), status: 403 },
];
for (const { label, headers, status } of refusals) {
  test(`a code exchange ${label} is refused (${status}), and the code stays good`, async (context) => {
    const { code } = await freshCode(context);
    assert.is((await exchange(context.http, code, headers(context.origin))).status, status);
    assert.is((await exchange(context.http, code, { origin: context.origin })).status, 200);
  });
}

test('a code exchange sent as a form is refused (415): it must be JSON, which no cross-site form can send', async (context) => {
  const { code } = await freshCode(context);
  const response = await fetch(`${context.http}/credential`, { method: 'POST', headers: { origin: context.origin, 'content-type': 'text/plain' }, body: JSON.stringify({ code }) });
  assert.is(response.status, 415);
});

test('an upgrade from the page’s origin needs a credential the server gave; from elsewhere, even with one, 403', async (context) => {
  const { code } = await freshCode(context);
  const { credential } = (await (await exchange(context.http, code, { origin: context.origin })).json()) as { credential: string };
  const url = context.server.url;
  assert.is((await upgradeWith(url, ['alda-live'], { origin: context.origin })).status, 401, 'no credential');
  assert.is((await upgradeWith(url, ['alda-live', 'alda-live.credential.nope'], { origin: context.origin })).status, 401, 'a made-up credential');
  assert.is((await upgradeWith(url, ['alda-live', `alda-live.credential.${credential}`], { origin: 'http://evil.example' })).status, 403, 'another origin');
  const token = context.server.token;
  assert.is((await upgradeWith(url, ['alda-live'], { origin: context.origin, authorization: `Bearer ${token}` })).status, 401, 'the page never uses the token');
});

test('a code past its lifetime is refused, and spent', () => {
  let now = 0;
  const keys = new PageKeys({ codeLifetime: 1000, now: () => now });
  const { code } = keys.issue();
  now = 1001;
  assert.is(keys.redeem(code), undefined);
  now = 0;
  assert.is(keys.redeem(code), undefined);
});

test('codes not yet exchanged are kept up to maxCodes, the oldest going first', () => {
  const keys = new PageKeys({ maxCodes: 2 });
  const [first, second, third] = [keys.issue().code, keys.issue().code, keys.issue().code];
  assert.is(keys.redeem(first!), undefined);
  assert.type(keys.redeem(second!), 'string');
  assert.type(keys.redeem(third!), 'string');
});

test('credentials are kept up to maxCredentials, the least recently presented going first: one in use outlives a stream of new browser performers', () => {
  const keys = new PageKeys({ maxCredentials: 2 });
  const credential = () => keys.redeem(keys.issue().code)!;
  const page = credential();
  const performer = credential();
  // The page reconnects (a credential presented), then another browser performer signs in.
  assert.ok(keys.accepts(page));
  const next = credential();
  assert.ok(keys.accepts(page), 'the page, in use, is kept');
  assert.not.ok(keys.accepts(performer), 'the least recently used went');
  assert.ok(keys.accepts(next));
});

test.run();
