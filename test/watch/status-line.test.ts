import { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { statusLine, swapLine } from '../../src/watch/status-line.js';
import { Terminal } from '../../src/watch/terminal.js';

const status = {
  now: 12_500,
  quant: 'loop',
  parts: [
    { part: 'piano', length: 500, iteration: 24, into: 250 },
    { part: 'cello', length: 1000, iteration: 12, into: 500 },
  ],
  pending: [{ part: 'piano', kind: 'swap' as const, at: 13_000 }],
  error: null,
};

test('statusLine: parts with their iteration and place in it, pending swaps, the quantum', () => {
  assert.is(statusLine(status), '▶ 12.50 s · piano #25 0.25/0.50 s · cello #13 0.50/1.00 s · next: piano swap in 0.50 s · quant loop');
});

test('statusLine: the last error, first line only, until a good save', () => {
  const line = statusLine({ ...status, pending: [], error: 'song.alda:3:5 Unexpected `)`\nmore' });
  assert.ok(line.endsWith('quant loop · error: song.alda:3:5 Unexpected `)`'), line);
  assert.is(statusLine({ ...status, parts: [], pending: [] }), '▶ 12.50 s · no parts looping · quant loop');
});

test('statusLine: with --link, where the Link session is', () => {
  const line = statusLine({ ...status, pending: [], link: { peers: 1, tempo: 128, beat: 33.24, phase: 1.24, quantum: 4 } });
  assert.ok(line.endsWith('quant loop · link 1 peer · 128.0 bpm · beat 33.2 · phase 1.2/4'), line);
});

test('swapLine: what a save changes, and when', () => {
  assert.is(swapLine({ part: 'piano', kind: 'swap', at: 13_000 }, 12_620), 'piano changes at 13.00 s (in 0.38 s)');
  assert.is(swapLine({ part: 'flute', kind: 'enter', at: 13_000 }, 12_620), 'flute enters at 13.00 s (in 0.38 s)');
  assert.is(swapLine({ part: 'cello', kind: 'stop', at: 13_000 }, 13_100), 'cello stops at 13.00 s (in 0.00 s)');
});

/** A stream that says it is a terminal of `columns`, keeping what is written. */
function fakeTerminal(isTTY: boolean, columns = 40): NodeJS.WriteStream & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: string };
  Object.assign(stream, { isTTY, columns, text: '' });
  return stream;
}

test('Terminal: on a terminal, lines scroll above a status line redrawn in place and cut to the width', async () => {
  const out = fakeTerminal(true, 20);
  const terminal = new Terminal(out);
  terminal.status('▶ 1.00 s · piano #3 0.00/0.50 s');
  terminal.line('piano changes at 1.50 s');
  terminal.end();
  await new Promise((resolve) => setImmediate(resolve));
  assert.is(out.text, '\r\x1b[2K▶ 1.00 s · piano #…' + '\r\x1b[2Kpiano changes at 1.50 s\n▶ 1.00 s · piano #…' + '\n');
});

test('Terminal: without a terminal, only the lines are written', async () => {
  const out = fakeTerminal(false);
  const terminal = new Terminal(out);
  terminal.status('▶ 1.00 s');
  terminal.line('Looping piano');
  terminal.end();
  await new Promise((resolve) => setImmediate(resolve));
  assert.is(out.text, 'Looping piano\n');
});

test.run();
