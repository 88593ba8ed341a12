import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/engine/compile.js';
import { goJson } from '../../src/engine/go-json.js';
import { NumberTexts } from '../../src/engine/number-texts.js';
import { scoreDataText } from '../../src/engine/score-data.js';

test('numbers formatted together print as String prints each, NaN and infinities included', () => {
  const values = [0, -0, 7, 4294967296, 1.5, 0.1 + 0.2, 1e21, -1e-7, 123456.78901234567, NaN, Infinity, -Infinity, 2 / 3];
  const numbers = new NumberTexts();
  for (const value of values) numbers.add(value);
  const bytes = new Uint8Array(1024);
  numbers.format(bytes, 0);
  const printed = values.map(() => Buffer.from(bytes.subarray(512, numbers.copy(bytes, 512))).toString('latin1'));
  assert.equal(printed, values.map(String));
});

test("the events of parse -o data are each note's fields as Go's encoder prints them, over many batches and chunks", () => {
  const phrase = '(vol 37) c8 d/f (quant 71) e16 (pan 13) g4. (tempo 97) a8 b (vol 91) > c3 < (track-vol 55) d';
  const { score } = compile(`piano: ${`${phrase} `.repeat(250)}\nviolin "v": ${`${phrase} r `.repeat(220)}\npiano: (tempo 61) ${phrase}`);
  const events = score.state.events.slice();
  assert.ok(events.length > 4000);
  const expected = events.map((event) =>
    goJson({
      'audible-duration': event.audibleDuration,
      duration: event.duration,
      'midi-channel': event.midiChannel,
      'midi-note': event.midiNote,
      offset: event.offset,
      panning: event.panning,
      part: event.part,
      'track-volume': event.trackVolume,
      volume: event.volume,
    }),
  );
  const text = scoreDataText(score.state);
  const start = text.indexOf('"events":[') + '"events":['.length;
  assert.is(text.slice(start, text.indexOf('],"global-attributes"')), expected.join(','));
});

test.run();
