import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { read } from '../../src/lisp/reader.js';
import { eventsDiffer, readFixture, FIXTURES } from '../support/conformance.js';

const BIN = fileURLToPath(new URL('../../bin/alda-live.js', import.meta.url));

function run(args: readonly string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { input: input ?? '', encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('parse -f prints the same note events as Alda 2.4.3', () => {
  const result = run(['parse', '-f', `${FIXTURES}corpus/alda-examples/bach_cello_suite_no_1.alda`]);
  assert.is(result.status, 0, result.stderr);
  const expected = JSON.parse(readFixture('conformance/bach_cello_suite_no_1.data.json'));
  const diff = eventsDiffer(JSON.parse(result.stdout).events, expected.events);
  assert.is(diff, null, diff ?? '');
});

test('parse reads standard input when given neither -f nor -c', () => {
  const result = run(['parse'], 'piano: c d e');
  assert.is(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).events.map((e: { 'midi-note': number }) => e['midi-note']), [60, 62, 64]);
});

test('a syntax error prints FILE:LINE:COL and the message, exits 1, and prints no stack trace', () => {
  const result = run(['parse', '-c', 'piano: c d\n  o4c']);
  assert.is(result.status, 1);
  assert.is(result.stdout, '');
  assert.is(result.stderr, "<no file>:2:5 Unexpected 'c' in octave set\n");
});

test('an evaluation error names the file, line and column too', () => {
  const result = run(['parse', '-c', 'piano: c\n  (vol 500) d']);
  assert.is(result.status, 1);
  assert.match(result.stderr, /^<no file>:2:8 value not between 0 and 100: 500\.000000\n$/);
});

test('parse -o data of a note longer than a double holds is a positioned BUDGET_TIME refusal, never Infinity in the JSON', () => {
  const result = run(['parse', '-o', 'data', '-c', `piano: c\n  d0.${'0'.repeat(300)}1 e`]);
  assert.is(result.status, 1);
  assert.is(result.stdout, '');
  assert.match(result.stderr, /^<no file>:2:3 This would end at about 5\.6e\+297 hours of score time, past the 24:00:00 a score may last\n$/);
});

test('a missing file is a clear error, not a crash', () => {
  const result = run(['parse', '-f', '/nonexistent/song.alda']);
  assert.is(result.status, 1);
  assert.match(result.stderr, /^error: cannot read \/nonexistent\/song\.alda: no such file or directory\n$/);
});

test('-o forms prints alda.lisp forms, one per line, that read back', () => {
  const result = run(['parse', '-o', 'forms', '-c', 'piano: o4 c8 d e/g {f g}4 [a b]*2']);
  assert.is(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.is(lines[0], '(part "piano")');
  assert.is(read(result.stdout).length, lines.length);
});

test('-o events prints the parsed events as Alda does', () => {
  const result = run(['parse', '-o', 'events', '-c', 'guitar: e']);
  assert.is(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout), [
    { type: 'part-declaration', value: { names: ['guitar'] } },
    { type: 'note', value: { pitch: { accidentals: [], letter: 'E' } } },
  ]);
});

test('a reader that stops early (| head) ends the command quietly', () => {
  const script = `"${process.execPath}" "${BIN}" parse -f "${FIXTURES}bench/perf-100k.alda" 2>&1 | head -c 20`;
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  assert.is(result.stdout, '{"aliases":{"alto":[');
});

test('a score longer than the server takes (1 Mi characters) is fine for a local command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-long-'));
  const file = join(dir, 'long.alda');
  // 600,000 32nd rests: 2.4 Mi characters, 10.4 hours (within the 24 hours a score may last).
  writeFileSync(file, 'piano: ' + 'r32 '.repeat(600_000) + 'c');
  const result = run(['parse', '-f', file]);
  rmSync(dir, { recursive: true, force: true });
  assert.is(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).events.map((e: { offset: number }) => e.offset), [37_500_000]);
});

test('--help explains every option of parse', () => {
  const result = run(['parse', '--help']);
  assert.is(result.status, 0);
  for (const option of ['--file', '--code', '--output']) assert.match(result.stdout, option);
});

test.run();
