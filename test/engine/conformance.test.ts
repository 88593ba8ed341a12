import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventsDiffer, firstDifference, markersDiffer, minifyJson, parseData, readFixture, FIXTURES } from '../support/conformance.js';

const scores = readdirSync(FIXTURES + 'corpus/alda-examples').filter((file) => file.endsWith('.alda'));

test('the corpus is there', () => {
  assert.ok(scores.length >= 29);
});

for (const file of scores) {
  const name = file.replace(/\.alda$/, '');
  test(`corpus: ${name} gives Alda 2.4.3's note events and markers`, () => {
    const expected = JSON.parse(readFixture(`conformance/${name}.data.json`));
    const outcome = parseData(readFixture(`corpus/alda-examples/${file}`));
    assert.is(outcome.exit, 0, outcome.error?.message);
    const eventDiff = eventsDiffer(outcome.output!.events, expected.events);
    assert.is(eventDiff, null, eventDiff ?? '');
    const markerDiff = markersDiffer(outcome.output!.markers, expected.markers);
    assert.is(markerDiff, null, markerDiff ?? '');
  });

  test(`corpus: ${name}: parse -o data prints what Alda 2.4.3 prints, byte for byte`, () => {
    const expected = minifyJson(readFixture(`conformance/${name}.data.json`));
    const outcome = parseData(readFixture(`corpus/alda-examples/${file}`));
    assert.is(outcome.exit, 0, outcome.error?.message);
    if (outcome.text !== expected) assert.unreachable(firstDifference(outcome.text!, expected));
  });
}

test('the 100 KB benchmark score gives as many notes as Alda 2.4.3 (23,705), groups and alternate endings included', () => {
  const outcome = parseData(readFixture('bench/perf-100k.alda'));
  assert.is(outcome.exit, 0, outcome.error?.message);
  assert.is(outcome.output!.events.length, 23705);
});

test.run();
