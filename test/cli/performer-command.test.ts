import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readServerState } from '../../src/protocol/state-file.js';
import { freshDir, waitFor } from '../pipeline/harness.js';

/** The real binary, as a user runs it: `npm test` builds dist/ first. */
const bin = resolve(import.meta.dirname, '../../bin/alda-live.js');

/** `alda-live ARGS` as a running process whose stderr lines are collected. */
function start(dir: string, args: string[]): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ALDA_LIVE_STATE_DIR: dir, ALDA_LIVE_RECORD: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  return { child, lines, exited: new Promise((done) => child.once('exit', (code) => done(code))) };
}

test('performer --port refuses a MIDI output that does not exist, before connecting to anything', () => {
  const dir = freshDir();
  try {
    const run = spawnSync(process.execPath, [bin, 'performer', '--port', 'No Such Output'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, ALDA_LIVE_STATE_DIR: dir },
    });
    assert.is(run.status, 2, run.stderr);
    assert.match(run.stderr, /^error: No MIDI output named "No Such Output" \(outputs: [^)]*\); `alda-live ports` lists them\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the foreground performer says where it connected, and when it lost the server and tries again', async () => {
  const dir = freshDir();
  const server = start(dir, ['server', '--port', '0', '--spares', '0']);
  let performer: ReturnType<typeof start> | undefined;
  try {
    const { url } = await waitFor('the server', () => readServerState(dir), 30_000);
    performer = start(dir, ['performer']);
    const found = (pattern: RegExp) => waitFor(`${pattern} (so far: ${JSON.stringify(performer!.lines)})`, () => performer!.lines.find((l) => pattern.test(l)), 30_000);
    await found(new RegExp(`^Connected to ${url} as performer-\\w+ \\(pid \\d+\\); Ctrl-C to stop$`));
    server.child.kill('SIGKILL');
    await found(new RegExp(`^Lost the connection to ${url}; trying again in 1 s$`));
    await found(new RegExp(`^Cannot connect to ${url} \\(connect ECONNREFUSED [^)]+\\); trying again in 2 s$`));
    performer.child.kill('SIGINT');
    assert.is(await performer.exited, 0);
  } finally {
    // SIGTERM, which the command passes on to its performer process (SIGKILL would leave that running).
    if (performer && performer.child.exitCode === null) {
      performer.child.kill('SIGTERM');
      await performer.exited;
    }
    server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
