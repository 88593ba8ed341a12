import { test } from 'uvu';
import type { ParseOptions } from '../../src/cli/parse-action.js';
import { plainParse } from '../../src/cli/plain-parse.js';
import { assertReadsAsCommander } from '../support/commander-options.js';

test('a command line plainParse reads, it reads as commander does; any other it leaves to commander', () => {
  const read = [
    ['parse'],
    ['parse', '-c', 'piano: c'],
    ['parse', '--code', ''],
    ['parse', '-f', 'score.alda'],
    ['parse', '--file', 'a b.alda', '-o', 'events'],
    ['parse', '-o', 'forms', '-c', 'piano: c d'],
    ['parse', '--output', 'data', '--code', 'violin: e'],
  ];
  const left = [
    ['play', '-c', 'piano: c'],
    ['--help'],
    ['parse', '--help'],
    ['parse', '-c'],
    ['parse', '--code=piano: c'],
    ['parse', '-c', 'a', '-c', 'b'],
    ['parse', '-c', '-x'],
    ['parse', '-o', 'xml', '-c', 'piano: c'],
    ['parse', '-c', 'piano: c', '-f', 'x.alda'],
    ['parse', 'piano: c'],
    ['parse', '-cpiano: c'],
    ['parse', 'constructor', 'x'],
  ];
  assertReadsAsCommander<ParseOptions>('parse', plainParse, read, left);
});

test.run();
