import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NoteLog } from '../../src/server/session/note-log.js';
import { arrayBatch, PackedBatch } from '../../src/server/session/timed-batch.js';
import { compile } from '../../src/engine/compile.js';
import { midiMessageColumns } from '../../src/engine/midi-messages.js';
import type { TimedMessage } from '../../src/protocol/messages.js';

const on = (t: number, key: number, p = 'part001', channel = 0): TimedMessage => ({ t, d: [0x90 | channel, key, 100], p });
const off = (t: number, key: number, p = 'part001', channel = 0): TimedMessage => ({ t, d: [0x80 | channel, key, 0], p });
const spans = (log: NoteLog, from = -Infinity, to = Infinity) => log.between(from, to, 100).notes.map((n) => `${n.part}:${n.key}@${n.start}-${n.end}`);

test('a batch is paired note-on to note-off per channel and key, and placed at its shift', () => {
  const log = new NoteLog();
  log.add(arrayBatch([on(0, 60), on(0, 64), { t: 0, d: [0xc0, 5], p: 'part001' }, off(500, 60), { t: 500, d: [0x90, 64, 0], p: 'part001' }, on(500, 60), off(1000, 60)]), 250, false);
  assert.equal(spans(log), ['part001:60@250-750', 'part001:64@250-750', 'part001:60@750-1250']);
});

test('the same key on two channels is two notes', () => {
  const log = new NoteLog();
  log.add(arrayBatch([on(0, 60, 'a', 0), on(100, 60, 'b', 1), off(200, 60, 'a', 0), off(300, 60, 'b', 1)]), 0, false);
  assert.equal(spans(log), ['a:60@0-200', 'b:60@100-300']);
});

test('a note-on is paired with its note-off in a later chunk of its batch', () => {
  const log = new NoteLog();
  log.add(arrayBatch([on(0, 60), on(100, 62)]), 50, false);
  log.add(arrayBatch([off(200, 62), off(300, 60)]), 50, true);
  assert.equal(spans(log), ['part001:60@50-350', 'part001:62@150-250']);
});

test('a note-on whose note-off never came lasts to the end of its batch', () => {
  const log = new NoteLog();
  log.add(arrayBatch([on(0, 60), on(100, 62), off(400, 62)]), 0, false);
  log.add(arrayBatch([on(1000, 64), off(1100, 64)]), 0, false);
  assert.equal(spans(log), ['part001:60@0-400', 'part001:62@100-400', 'part001:64@1000-1100']);
});

test('a cut of one part (a replace) drops its later notes and ends its sounding one; other parts play on', () => {
  const log = new NoteLog();
  log.add(arrayBatch([on(0, 60, 'a'), on(0, 50, 'b'), off(1000, 60, 'a'), off(1000, 50, 'b'), on(1000, 62, 'a'), off(2000, 62, 'a')]), 0, false);
  log.cut(500, 'a');
  assert.equal(spans(log), ['a:60@0-500', 'b:50@0-1000']);
});

test('a cut of every part (a stop) leaves only what played before it', () => {
  const log = new NoteLog();
  log.add(arrayBatch([on(0, 60, 'a'), on(0, 50, 'b'), off(1000, 60, 'a'), off(1000, 50, 'b'), on(1000, 62, 'a'), off(2000, 62, 'a')]), 0, false);
  log.cut(500);
  assert.equal(spans(log), ['a:60@0-500', 'b:50@0-500']);
});

test('between: the notes sounding in the window, the earliest first, at most `limit`, saying there are more', () => {
  const log = new NoteLog();
  log.add(arrayBatch([on(300, 64), off(400, 64)]), 0, false);
  log.add(arrayBatch([on(0, 60), off(100, 60), on(100, 62), off(200, 62)]), 0, false);
  assert.equal(spans(log, 150, 1000), ['part001:62@100-200', 'part001:64@300-400']);
  const first = log.between(0, 1000, 2);
  assert.equal(first.notes.map((n) => n.key), [60, 62]);
  assert.ok(first.more);
  assert.not.ok(log.between(0, 1000, 3).more);
});

test('full, the log makes room by notes that ended keepPast ago; short of those, later notes are not kept', () => {
  const log = new NoteLog({ maxNotes: 2, keepPast: 100 });
  log.add(arrayBatch([on(0, 60), off(10, 60), on(10, 61), off(20, 61), on(20, 62), off(30, 62)]), 0, false);
  assert.equal(spans(log), ['part001:60@0-10', 'part001:61@10-20']);
  log.add(arrayBatch([on(500, 63), off(510, 63)]), 0, false, 115);
  assert.equal(spans(log), ['part001:61@10-20', 'part001:63@500-510']);
});

test('a batch of columns is read where it is, chunk by chunk, as its messages made into objects would be', () => {
  const batch = PackedBatch.of(midiMessageColumns(compile('piano: (vol 50) c8 d e/g f g2').view));
  const read = new NoteLog();
  read.add(batch, 100, false, undefined, 0, 4);
  read.add(batch, 100, true, undefined, 4, batch.length);
  const made = new NoteLog();
  made.add(arrayBatch(batch.slice()), 100, false);
  assert.is(read.size, 6);
  assert.equal(spans(read), spans(made));
  assert.equal(read.between(0, Infinity, 1).notes[0]!.velocity, 64);
});

test.run();
