import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { complete, type Vocabulary } from '../../src/repl/completion.js';

const vocabulary: Vocabulary = {
  commands: ['help', 'play', 'parts', 'score', 'save'],
  arguments: { score: ['text', 'data', 'events'] },
  instruments: ['piano', 'midi-acoustic-grand-piano', 'violin', 'viola'],
  parts: ['violin', 'lead'],
};

const rows: [label: string, before: string, atStart: boolean, insert: string, candidates: string[]][] = [
  ['one command is completed whole, with a space', ':he', true, 'lp ', ['help']],
  ['several commands go to their common prefix', ':p', true, '', ['parts', 'play']],
  ['a command argument', ':score d', true, 'ata ', ['data']],
  ['an instrument', 'pi', true, 'ano', ['piano']],
  ['a long instrument name with dashes', 'piano: c\nmidi-ac', false, 'oustic-grand-piano', ['midi-acoustic-grand-piano']],
  ['instruments and parts together, once each', 'vio', true, 'l', ['viola', 'violin']],
  ['a part name', 'le', true, 'ad', ['lead']],
  ['nothing matches', 'xyz', true, '', []],
  ['no word before the cursor', 'piano: ', true, '', []],
  ['a colon mid-input is not a command', ':he', false, '', []],
];

for (const [label, before, atStart, insert, candidates] of rows) {
  test(`complete: ${label}`, () => {
    assert.equal(complete(before, vocabulary, atStart), { insert, candidates });
  });
}

test.run();
