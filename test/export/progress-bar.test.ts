import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { progressBar } from '../../src/cli/progress-bar.js';

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (chunk: string) => written.push(chunk) > 0 } };
}

test('nothing is drawn in the first second', () => {
  const { written, stream } = terminal(true);
  let clock = 0;
  const bar = progressBar('Rendering', { stream, now: () => clock });
  clock = 999;
  bar.update(50, 100);
  bar.finish();
  assert.equal(written, []);
});

test('after a second: a bar with the percentage, redrawn only when it changes, cleared at the end', () => {
  const { written, stream } = terminal(true);
  let clock = 0;
  const bar = progressBar('Rendering x.wav', { stream, now: () => clock });
  clock = 1500;
  bar.update(1, 4);
  bar.update(1, 4);
  bar.update(4, 4);
  bar.finish();
  assert.equal(written, [
    '\rRendering x.wav [########                      ]  25%',
    '\rRendering x.wav [##############################] 100%',
    '\r\x1b[2K',
  ]);
});

test('never on something that is not a terminal', () => {
  const { written, stream } = terminal(false);
  let clock = 0;
  const bar = progressBar('Rendering', { stream, now: () => clock });
  clock = 10_000;
  bar.update(1, 2);
  bar.finish();
  assert.equal(written, []);
});

test.run();
