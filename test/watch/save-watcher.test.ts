import { renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SaveWatcher } from '../../src/watch/save-watcher.js';
import { freshDir, waitFor } from '../pipeline/harness.js';

interface Context {
  dir: string;
  file: string;
  saves: string[];
  problems: string[];
  watcher: SaveWatcher;
}

const test = suite<Context>('save watcher');

test.before.each(async (context) => {
  context.dir = freshDir('alda-live-watch-');
  context.file = join(context.dir, 'song.alda');
  writeFileSync(context.file, 'piano: c');
  context.saves = [];
  context.problems = [];
  context.watcher = await SaveWatcher.open({
    file: context.file,
    onSave: (text) => context.saves.push(text),
    onProblem: (message) => context.problems.push(message),
  });
});

test.after.each(async ({ watcher, dir }) => {
  await watcher.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Saves `text` one way, then waits for it to be delivered. */
async function saved(context: Context, text: string, save: (file: string, text: string) => void): Promise<void> {
  save(context.file, text);
  await waitFor(`the save of "${text}"`, () => context.saves.includes(text));
}

const inPlace = (file: string, text: string) => writeFileSync(file, text);
/** VS Code and vim (backupcopy=no): write a temp file, rename it over the original. */
const atomic = (file: string, text: string) => {
  writeFileSync(file + '.tmp', text);
  renameSync(file + '.tmp', file);
};
/** vim's default: move the original away, write a new file, delete the backup. */
const vimStyle = (file: string, text: string) => {
  renameSync(file, file + '~');
  writeFileSync(file, text);
  unlinkSync(file + '~');
};
/** An editor that truncates, then writes: two changes for one save. */
const truncateThenWrite = (file: string, text: string) => {
  writeFileSync(file, '');
  writeFileSync(file, text);
};

for (const [label, save] of [
  ['an in-place write', inPlace],
  ['an atomic write-then-rename', atomic],
  ['a vim-style rename-away and write', vimStyle],
  ['a truncate then write', truncateThenWrite],
] as const) {
  test(`${label} is one save, delivered once`, async (context) => {
    await saved(context, 'piano: d', save);
    // A second, different save proves that nothing else from the first was still coming.
    await saved(context, 'piano: e', save);
    assert.equal(context.saves, ['piano: d', 'piano: e']);
    assert.equal(context.problems, []);
  });
}

test('a burst of writes is coalesced into one save of the last text', async (context) => {
  for (const text of ['piano: c', 'piano: c d', 'piano: c d e']) writeFileSync(context.file, text);
  await waitFor('the burst', () => context.saves.length > 0);
  await saved(context, 'piano: f', inPlace);
  assert.equal(context.saves, ['piano: c d e', 'piano: f']);
});

test('a removed file is reported, and its return is a save', async (context) => {
  unlinkSync(context.file);
  await waitFor('the removal', () => context.problems.some((p) => p.includes('was removed')));
  await saved(context, 'piano: g', inPlace);
  assert.equal(context.saves, ['piano: g']);
});

test('quiet: shorter than chokidar\'s 50 ms change throttle (plus a margin) is refused', async ({ file }) => {
  try {
    await SaveWatcher.open({ file, onSave: () => {}, quiet: 59 });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, TypeError);
    assert.match((error as Error).message, /`quiet`.*59/);
  }
});

test.run();
