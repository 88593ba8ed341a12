import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { estimateOffset, type ClockSample } from '../../src/protocol/clock-offset.js';

/** A round trip of `out` ms there and `back` ms back, to a server whose clock is `offset` ahead. */
const trip = (sent: number, out: number, back: number, offset: number): ClockSample => ({ sent, server: sent + out + offset, received: sent + out + back });

test('the fast, symmetric trips give the offset; slow one-sided ones are left out', () => {
  const samples = [
    ...Array.from({ length: 8 }, (_, i) => trip(i * 25, 0.2, 0.2, 5)),
    // Queued on the way out: taken alone, each would put the server 20–40 ms further ahead.
    ...Array.from({ length: 6 }, (_, i) => trip(200 + i * 25, 40 + i * 4, 0.2, 5)),
  ];
  const estimate = estimateOffset(samples)!;
  assert.ok(Math.abs(estimate.offset - 5) < 1e-9, `offset ${estimate.offset}`);
  assert.ok(Math.abs(estimate.accuracy - 0.2) < 1e-9, `accuracy ${estimate.accuracy}`);
  assert.is(estimate.samples, 14);
});

test('a server behind us has a negative offset; no samples, no estimate', () => {
  assert.ok(Math.abs(estimateOffset([trip(0, 1, 1, -3), trip(25, 1, 1, -3)])!.offset + 3) < 1e-9);
  assert.is(estimateOffset([]), undefined);
});

test.run();
