import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture } from '../support/fixtures.js';

/** The built command line and components (`npm test` builds dist/ first). */
const root = resolve(import.meta.dirname, '../..');
const cli = resolve(root, 'bin/alda-live.js');
const toy = fixture('performers/toy-performer.mjs');

/** Runs `alda-live conformance ARGS`: its exit code and its scorecard. */
function conformance(args: string[], timeout = 120_000): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, 'conformance', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.stderr.on('data', (data: Buffer) => (out += data.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`conformance ${args.join(' ')} ran past ${timeout / 1000} s:\n${out}`));
    }, timeout);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, out });
    });
  });
}

test("alda-live's own performer passes every tier", async () => {
  const { code, out } = await conformance(['performer', '--', process.execPath, resolve(root, 'dist/performer/entry.js')]);
  assert.is(code, 0, out);
  assert.match(out, 'PASS: 6 of 6 required tiers passed');
});

test('a service worker (our compiler) passes, and broken performers fail with a line that names the problem', async () => {
  const [service, wrongField, noHeartbeats, stuckNotes] = await Promise.all([
    conformance(['service', '--body', '{"code": "piano: c d"}', '--', process.execPath, resolve(root, 'dist/workers/entry.js'), '--service', 'compiler']),
    conformance(['performer', '--bail', '--', process.execPath, toy, 'wrong-field']),
    conformance(['performer', '--bail', '--', process.execPath, toy, 'no-heartbeats']),
    conformance(['performer', '--bail', '--', process.execPath, toy, 'stuck-notes']),
  ]);
  assert.is(service.code, 0, service.out);
  assert.match(service.out, 'PASS: 4 of 4 required tiers passed');
  for (const broken of [wrongField, noHeartbeats, stuckNotes]) assert.is(broken.code, 1, broken.out);
  assert.match(wrongField.out, '✗ `schedule` failed: ALDA_BAD_REPLY');
  assert.match(wrongField.out, 'Invalid reply to `schedule` at result.firstDue');
  assert.match(noHeartbeats.out, /✗ the longest silence in 3\.5 s of idling: 3\.\d s/);
  assert.match(stuckNotes.out, '✗ stuck notes after `stop`: note 48 on channel 1');
});

test.run();
