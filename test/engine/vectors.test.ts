import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventsDiffer, markersDiffer, parseData, readFixture } from '../support/conformance.js';

interface Vector {
  feature: string;
  input?: string;
  request?: { input: string };
  oracle: { data?: { exit: number; output?: { events: never[]; markers: Record<string, number> }; stderr?: string } };
}

const vectors: Vector[] = readFixture('conformance/vectors.jsonl')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line));

vectors.forEach((vector, i) => {
  const input = vector.input ?? vector.request?.input;
  const oracle = vector.oracle.data;
  if (input === undefined || !oracle) return;
  test(`vector #${i + 1} (${vector.feature}): ${JSON.stringify(input).slice(0, 60)}`, () => {
    const outcome = parseData(input);
    if (oracle.exit !== 0) {
      assert.is(outcome.exit, 1, `Alda rejects this (${oracle.stderr}); we accepted it`);
      return;
    }
    assert.is(outcome.exit, 0, outcome.error?.message);
    const eventDiff = eventsDiffer(outcome.output!.events, oracle.output!.events);
    assert.is(eventDiff, null, eventDiff ?? '');
    const markerDiff = markersDiffer(outcome.output!.markers, oracle.output!.markers);
    assert.is(markerDiff, null, markerDiff ?? '');
  });
});

test.run();
