import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'alda-live.js');
const MAIN = join(ROOT, 'dist', 'bundle', 'main.js');

/** What `node SCRIPT ARGS` prints, its exit checked. */
function printed(script: string, args: readonly string[]): string {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 30_000 });
  assert.is(result.status, 0, result.stderr);
  return result.stdout;
}

/** Commander's own `--help`: the command line through main.ts, which reads every line with commander. */
const commanderHelp = () => printed(MAIN, ['--help']);

test('`--help`, `-h` and `help` print what commander prints, to a pipe and to a file', () => {
  const expected = commanderHelp();
  assert.match(expected, /^Usage: alda-live /);
  for (const line of ['--help', '-h', 'help']) assert.is(printed(BIN, [line]), expected, line);
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-help-'));
  try {
    const file = join(dir, 'help.txt');
    const out = openSync(file, 'w');
    const result = spawnSync(process.execPath, [BIN, '--help'], { stdio: ['ignore', out, 'pipe'], timeout: 30_000 });
    closeSync(out);
    assert.is(result.status, 0);
    assert.is(readFileSync(file, 'utf8'), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('to a terminal, commander prints the help, fitted to its width', () => {
  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  if (process.platform !== 'linux' || script.status !== 0) return;
  const wide = spawnSync('script', ['-qec', `stty cols 140; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} --help`, '/dev/null'], { encoding: 'utf8', timeout: 30_000 });
  assert.is(wide.status, 0, wide.stderr);
  const lines = wide.stdout.replaceAll('\r\n', '\n');
  // At 140 columns commander wraps a long description under its own column, which the built text (80) never does.
  assert.ok(lines.split('\n').some((line) => /^ {40,}\S/.test(line)), lines);
  assert.is.not(lines, commanderHelp());
});

test('with no help text built, commander prints the help', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-no-help-'));
  try {
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    mkdirSync(join(dir, 'dist'));
    cpSync(join(ROOT, 'dist', 'bundle'), join(dir, 'dist', 'bundle'), { recursive: true, filter: (from) => !from.endsWith('help.txt') });
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    assert.is(printed(join(dir, 'bin', 'alda-live.js'), ['--help']), commanderHelp());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
