import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { INSTRUMENTS, stockInstrument } from '../src/engine/instruments.js';

test('the table has Alda 2’s 129 stock instruments', () => {
  assert.is(INSTRUMENTS.length, 129);
  assert.is(INSTRUMENTS[0]!.name, 'midi-acoustic-grand-piano');
  assert.is(INSTRUMENTS[128]!.name, 'midi-percussion');
});

test('aliases resolve to their stock instrument', () => {
  assert.is(stockInstrument('piano')?.program, 0);
  assert.is(stockInstrument('upright-bass')?.name, 'midi-acoustic-bass');
  assert.is(stockInstrument('percussion')?.program, null);
  assert.is(stockInstrument('Piano'), undefined);
});

test.run();
