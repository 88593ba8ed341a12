import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SourceText } from '../../src/lisp/source.js';
import { eventsDiffer, firstDifference, markersDiffer, parseData, rawJsonAfter, readFixture } from '../support/conformance.js';

interface Vector {
  feature: string;
  input?: string;
  request?: { input: string };
  oracle: { data?: { exit: number; output?: { events: never[]; markers: Record<string, number> }; stderr?: string } };
}

const lines = readFixture('conformance/vectors.jsonl')
  .split('\n')
  .filter((line) => line.trim());

lines.forEach((line, i) => {
  const vector = JSON.parse(line) as Vector;
  const input = vector.input ?? vector.request?.input;
  const oracle = vector.oracle.data;
  if (input === undefined || !oracle) return;
  const label = `vector #${i + 1} (${vector.feature}): ${JSON.stringify(input).slice(0, 60)}`;
  if (oracle.exit !== 0) {
    test(`${label}: rejected with Alda's message at Alda's line:column`, () => {
      const outcome = parseData(input);
      assert.is(outcome.exit, 1, `Alda rejects this (${oracle.stderr}); we accepted it`);
      assert.is(outcome.error!.describe(new SourceText(input, '<no file>')), oracle.stderr!.trim());
    });
    return;
  }
  test(`${label}: parse -o data prints what Alda 2.4.3 prints, byte for byte`, () => {
    const outcome = parseData(input);
    assert.is(outcome.exit, 0, outcome.error?.message);
    const eventDiff = eventsDiffer(outcome.output!.events, oracle.output!.events);
    assert.is(eventDiff, null, eventDiff ?? '');
    const markerDiff = markersDiffer(outcome.output!.markers, oracle.output!.markers);
    assert.is(markerDiff, null, markerDiff ?? '');
    const expected = rawJsonAfter(line, '"data":{"exit":0,"output":');
    if (outcome.text !== expected) assert.unreachable(firstDifference(outcome.text!, expected));
  });
});

test.run();
