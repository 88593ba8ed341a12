import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waitFor } from '../pipeline/harness.js';
import { readServerState } from '../../src/protocol/state-file.js';
import { processesOf, removeStateDir } from '../support/state-dir.js';

/** The real binary, as a user runs it: `npm test` builds dist/ first. */
const bin = resolve(import.meta.dirname, '../../bin/alda-live.js');

const test = suite<{ dir: string }>('the command line');

test.before.each((context) => {
  context.dir = mkdtempSync(join(tmpdir(), 'alda-live-cli-'));
});

test.after.each(({ dir }) => removeStateDir(dir));

/** Runs `alda-live ARGS` in the test's dir, with its own state dir and an empty standard input. */
function aldaLive(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: dir, env: { ...process.env, ALDA_LIVE_STATE_DIR: dir, ALDA_LIVE_RECORD: '' }, timeout: 30_000 },
      (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end();
  });
}

/** Nothing was started: no state file, no server log. */
function nothingStarted(dir: string): void {
  assert.equal(readdirSync(dir).filter((name) => name.startsWith('server')), []);
}

test('a bad option value is refused with one line and exit status 2, before anything starts', async ({ dir }) => {
  const cases: [string[], RegExp][] = [
    [['server', '--port', '80000'], /--port .*'80000'.* 0 to 65535/],
    [['server', '--spares', 'xyz'], /--spares .*'xyz'.* 0 to 16/],
    [['server', '--lookahead', 'abc'], /--lookahead .*'abc'.* 0 to 10000/],
    [['server', '--allow-origin', 'localhost:5173'], /scheme:\/\/host/],
    [['performer', '--lookahead', '-5'], /--lookahead .* 0 to 10000/],
    [['performer', '--connect', 'localhost'], /ws:\/\//],
    [['export', '-c', 'piano: c', '--sample-rate', '5', '-o', 'x.wav'], /8000 to 192000/],
    [['parse', '-c', 'piano: c', '-o', 'xml'], /Allowed choices are data, events, forms/],
    [['repl', '--session', 'a b'], /session name/],
    [['stop', '--session', 'a/b'], /session name/],
    [['watch', 'x.alda', '--live', '--quant', 'sometimes'], /beat, bar, loop/],
    [['watch', 'x.alda', '--quant', 'bar'], /--quant is for --live/],
    [['watch', 'x.alda', '--live', '-F', '0:10'], /cannot be used with/],
    [['watch', 'x.alda', '--transform', 'swing=0.6', '--transform', 'performer'], /--transform: "performer" is not a transform step: performers play sessions/],
    [['play', '-f', 'x.alda', '-c', 'piano: c'], /cannot be used with/],
    [['play', '--frm', '0:10'], /unknown option '--frm'/],
    [['job', 'submit', '-c', 'piano: c', '--do', 'export:x.txt'], /play, export:FILE\.mid or export:FILE\.wav/],
  ];
  for (const [args, message] of cases) {
    const run = await aldaLive(dir, ...args);
    const what = `alda-live ${args.join(' ')}: ${run.stderr}`;
    assert.is(run.code, 2, what);
    assert.match(run.stderr, message, what);
    assert.ok(run.stderr.startsWith('error: '), what);
    // One line, and commander's `(Did you mean --from?)` under a mistyped option.
    assert.is(run.stderr.trimEnd().split('\n').filter((line) => !line.startsWith('(Did you mean')).length, 1, what);
    assert.is(run.stdout, '', what);
  }
  nothingStarted(dir);
  // A play's server (and the performer beside it) booted held before its options were read: they leave.
  await waitFor('the processes started for the state dir to end', () => processesOf(dir).length === 0, 15_000);
});

test('a missing file is reported in one form by every command, and starts nothing', async ({ dir }) => {
  for (const args of [['play', '-f', 'gone.alda'], ['parse', '-f', 'gone.alda'], ['export', '-f', 'gone.alda', '-o', 'x.mid'], ['watch', 'gone.alda'], ['job', 'submit', '-f', 'gone.alda', '--do', 'play']]) {
    const run = await aldaLive(dir, ...args);
    assert.is(run.code, 1, args.join(' '));
    assert.is(run.stderr, 'error: cannot read gone.alda: no such file or directory\n', args.join(' '));
  }
  nothingStarted(dir);
});

test('play of a score that does not evaluate reports it as Alda does, under <no file> for -c, and starts no server', async ({ dir }) => {
  const run = await aldaLive(dir, 'play', '-c', 'piano: c d (tempo)');
  assert.is(run.code, 1);
  assert.match(run.stderr, /^<no file>:1:12 provided arguments do not match the signature of `tempo`\n/);
  writeFileSync(join(dir, 'bad.alda'), 'piano: c d\n  e (vol 50');
  const file = await aldaLive(dir, 'play', '-f', 'bad.alda');
  assert.is(file.code, 1);
  assert.match(file.stderr, /^bad\.alda:2:12 unterminated S-expression\n/);
  nothingStarted(dir);
  // The server held while the score was checked, and the performer started beside it, leave.
  await waitFor('the processes started for the state dir to end', () => processesOf(dir).length === 0, 15_000);
});

test('-F/-T: a marker the score lacks lists those it has; a start past the end gives the length; no server starts', async ({ dir }) => {
  const score = 'piano: c d %verse e f %chorus g';
  for (const command of [['play'], ['export', '-o', 'x.mid']]) {
    const marker = await aldaLive(dir, ...command, '-c', score, '-F', 'bridge');
    assert.is(marker.code, 1, marker.stderr);
    assert.match(marker.stderr, /^error: bridge is not a valid offset reference\.\n[^]*\nThe markers in this score: verse, chorus\n$/);
    const late = await aldaLive(dir, ...command, '-c', score, '-F', '5:00');
    assert.is(late.code, 1, late.stderr);
    assert.is(late.stderr, 'error: --from 5:00 is past the end: the score is only 0:02.5 long\n');
  }
  assert.not.ok(existsSync(join(dir, 'x.mid')));
  nothingStarted(dir);
});

test('a cryptic Alda error keeps its exact text on the first line, and gets a hint on the next', async ({ dir }) => {
  const cases: [string, string, string][] = [
    ['piano: C D E', "<no file>:1:9 Unexpected ' ' in note/rest/name", 'notes are lower-case: c d e'],
    ['piano: c d\n  (tempo 90 e f', '<no file>:2:16 unterminated S-expression', 'the ( at 2:3 is never closed with )'],
    ['piano: [c d e', '<no file>:1:14 unterminated event sequence', 'the [ at 1:8 is never closed with ]'],
    ['pianoo: c', '<no file>:1:1 unrecognized instrument: pianoo', 'did you mean piano? (`alda-live instruments` lists them)'],
    ['piano c d', '<no file>:1:1 undefined variable: piano', 'a part starts with a colon after the instrument: piano: c d e'],
  ];
  for (const [code, error, hint] of cases) {
    const run = await aldaLive(dir, 'parse', '-c', code);
    assert.is(run.code, 1);
    assert.is(run.stderr, `${error}\nhint: ${hint}\n`);
  }
  const plain = await aldaLive(dir, 'parse', '-c', 'piano: c d (vol 500)');
  assert.not.match(plain.stderr, /hint:/);
});

test('a cold play is served by the server it launched first thing, held, and by no other; shut down, nothing is left', async ({ dir }) => {
  const run = await aldaLive(dir, 'play', '-c', 'piano: r');
  assert.is(run.code, 0, run.stderr);
  const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  try {
    const state = readServerState(dir);
    const servers = processesOf(dir).filter((pid) => commandLine(pid).some((arg) => arg.endsWith('server/entry.cjs')));
    assert.equal(servers, [state?.pid]);
    // Launched before the options were read (src/cli/start.ts), held until the score was checked.
    assert.ok(commandLine(state!.pid).includes('--after-go'));
  } finally {
    await aldaLive(dir, 'shutdown');
  }
  await waitFor('the processes started for the state dir to end', () => processesOf(dir).length === 0, 15_000);
});

test('with a server running, play leaves checking the score to it, and its errors read the same', async ({ dir }) => {
  const cases = [
    ['-c', 'piano: C D E'],
    ['-c', 'piano: {c foo}4'],
    ['-c', 'piano: (key-sig "c") c'],
    ['-c', 'piano: c d %verse e', '-F', 'bridge'],
    ['-c', 'piano: c d %verse e', '-F', '5:00'],
  ];
  const alone = [];
  for (const args of cases) alone.push(await aldaLive(dir, 'play', ...args));
  nothingStarted(dir);
  assert.is((await aldaLive(dir, 'play', '-c', 'piano: r')).code, 0, 'a server started');
  try {
    for (const [i, args] of cases.entries()) assert.equal(await aldaLive(dir, 'play', ...args), alone[i], args.join(' '));
  } finally {
    await aldaLive(dir, 'shutdown');
  }
});

test.run();
