import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture } from '../support/fixtures.js';
import { cli, conformance } from '../support/kit.js';

/** The built components (`npm test` builds dist/ first). */
const root = resolve(import.meta.dirname, '../..');
const toy = fixture('performers/toy-performer.mjs');

test("alda-live's own performer passes every tier", async () => {
  const { code, out } = await conformance(['performer', '--', process.execPath, resolve(root, 'dist/performer/start.cjs')]);
  assert.is(code, 0, out);
  assert.match(out, 'PASS: 6 of 6 required tiers passed');
  assert.match(out, /lateness \(optional\)\n\s+. median [\d.]+ ms, p95/, 'its lateness, as figures');
});

test('a service worker (our compiler) and a client (ps) pass, and broken performers fail with a line that names the problem', async () => {
  const [service, client, wrongField, noHeartbeats, stuckNotes] = await Promise.all([
    conformance(['service', '--body', '{"code": "piano: c d"}', '--', process.execPath, resolve(root, 'dist/workers/entry.js'), '--service', 'compiler']),
    conformance(['client', '--', process.execPath, cli, 'ps']),
    conformance(['performer', '--bail', '--', process.execPath, toy, 'wrong-field']),
    conformance(['performer', '--bail', '--', process.execPath, toy, 'no-heartbeats']),
    conformance(['performer', '--bail', '--', process.execPath, toy, 'stuck-notes']),
  ]);
  assert.is(service.code, 0, service.out);
  assert.match(service.out, 'PASS: 4 of 4 required tiers passed');
  assert.is(client.code, 0, client.out);
  assert.match(client.out, '✓ each one passes the schema of client requests');
  for (const broken of [wrongField, noHeartbeats, stuckNotes]) assert.is(broken.code, 1, broken.out);
  assert.match(wrongField.out, '✗ `schedule` failed: ALDA_BAD_REPLY');
  assert.match(wrongField.out, 'Invalid reply to `schedule` at result.firstDue');
  assert.match(noHeartbeats.out, /✗ the longest silence in 3\.5 s of idling: 3\.\d s/);
  assert.match(stuckNotes.out, '✗ stuck notes after `stop`: note 48 on channel 1');
});

test.run();
