import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { History, HISTORY_LIMIT } from '../../src/repl/history.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'alda-live-history-'));

test('entries survive a restart, a multi-line one as one entry', () => {
  const dir = fresh();
  const file = join(dir, 'state', 'repl-history');
  const first = new History(file);
  assert.equal(first.load(), [], 'no file yet');
  first.add('piano: c d');
  first.add('(tempo!\n  90)');
  assert.equal(new History(file).load(), ['piano: c d', '(tempo!\n  90)']);
  rmSync(dir, { recursive: true, force: true });
});

test('a damaged line is skipped; the file is trimmed past twice the limit', () => {
  const dir = fresh();
  const file = join(dir, 'repl-history');
  const lines = Array.from({ length: HISTORY_LIMIT * 2 + 5 }, (_, i) => JSON.stringify(`line ${i}`));
  writeFileSync(file, ['{torn', ...lines].join('\n') + '\n');
  const loaded = new History(file).load();
  assert.is(loaded.length, HISTORY_LIMIT);
  assert.is(loaded.at(-1), `line ${HISTORY_LIMIT * 2 + 4}`);
  assert.is(readFileSync(file, 'utf8').trim().split('\n').length, HISTORY_LIMIT);
  rmSync(dir, { recursive: true, force: true });
});

test('an unwritable history costs the history, not the session', () => {
  const dir = fresh();
  writeFileSync(join(dir, 'file'), '');
  const history = new History(join(dir, 'file', 'repl-history'));
  history.add('piano: c');
  assert.equal(history.load(), []);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
