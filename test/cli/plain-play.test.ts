import { test } from 'uvu';
import type { PlayOptions } from '../../src/cli/play-action.js';
import { plainPlay } from '../../src/cli/plain-play.js';
import { assertReadsAsCommander } from '../support/commander-options.js';

test('a command line plainPlay reads, it reads as commander does; any other it leaves to commander', () => {
  const read = [
    ['play'],
    ['play', '-c', 'piano: c'],
    ['play', '--code', ''],
    ['play', '-f', 'score.alda'],
    ['play', '--file', 'a b.alda', '--record', 'out.jsonl'],
    ['play', '--record', 'x.jsonl', '-c', 'piano: c d'],
  ];
  const left = [
    ['parse', '-c', 'piano: c'],
    ['play', '--help'],
    ['play', '-c'],
    ['play', '--code=piano: c'],
    ['play', '-c', 'a', '-c', 'b'],
    ['play', '-c', '-x'],
    ['play', '-c', 'piano: c', '-f', 'x.alda'],
    ['play', '-c', 'piano: c', '--wait'],
    ['play', '-c', 'piano: c', '--port', 'x'],
    ['play', '-c', 'piano: c', '-F', '0:10'],
    ['play', 'piano: c'],
    ['play', '-cpiano: c'],
    ['play', 'constructor', 'x'],
  ];
  assertReadsAsCommander<PlayOptions>('play', plainPlay, read, left);
});

test.run();
