import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keepChannels } from '../../src/live/channels.js';
import { LoopEvalError, loopScore } from '../../src/live/loop-material.js';
import { compareParts, entryBoundary, iterationMessages, nextBoundary } from '../../src/live/loop-plan.js';
import { parseQuant, QuantError } from '../../src/live/quant.js';
import { planSwaps, type PartLoop } from '../../src/live/swap.js';

const TWO_PARTS = '(tempo! 240)\npiano: c8 d e f\ncello: o2 c4 g\n';

test('loopScore: one material per part, named as declared, as long as the part', () => {
  const score = loopScore(TWO_PARTS, 'song.alda');
  assert.equal([...score.parts.keys()], ['piano', 'cello']);
  assert.equal(score.beat, 250);
  const piano = score.parts.get('piano')!;
  assert.equal(piano.length, 500);
  const ons = piano.messages.filter((m) => (m.d[0]! & 0xf0) === 0x90).map((m) => [m.t, m.d[1]]);
  assert.equal(ons, [[0, 60], [125, 62], [250, 64], [375, 65]]);
  assert.ok(piano.messages.every((m) => m.p === 'piano' && m.t >= 0 && m.t <= piano.length));
  assert.equal(score.parts.get('cello')!.length, 500);
});

test('loopScore: a trailing rest counts in the loop length; a part without notes has no loop', () => {
  const score = loopScore('(tempo! 240) piano: c4 r2\nflute:\n');
  assert.equal(score.parts.get('piano')!.length, 750);
  assert.not.ok(score.parts.has('flute'));
});

test('loopScore: a score that does not evaluate fails with Alda\'s FILE:LINE:COL', () => {
  try {
    loopScore('piano: c d\ncello: o2 c }\n', 'song.alda');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, LoopEvalError);
    assert.match((error as LoopEvalError).message, /^song\.alda:2:\d+ /);
    assert.type((error as LoopEvalError).code, 'string');
  }
});

test('signatures: the same text twice is unchanged; one edited part is the only change', () => {
  const a = loopScore(TWO_PARTS).parts;
  const b = loopScore(TWO_PARTS).parts;
  assert.equal(compareParts(a, b, true), { changed: [], added: [], removed: [], unchanged: ['piano', 'cello'] });
  const c = loopScore('(tempo! 240)\npiano: c8 d e g\ncello: o2 c4 g\n').parts;
  assert.equal(compareParts(a, c, true), { changed: ['piano'], added: [], removed: [], unchanged: ['cello'] });
});

test('compareParts: whole scores remove missing parts; partial updates leave them alone', () => {
  const a = loopScore(TWO_PARTS).parts;
  const pianoOnly = loopScore('(tempo! 240) piano: c8 d e f\nflute: c1').parts;
  assert.equal(compareParts(a, pianoOnly, true), { changed: [], added: ['flute'], removed: ['cello'], unchanged: ['piano'] });
  assert.equal(compareParts(a, pianoOnly, false), { changed: [], added: ['flute'], removed: [], unchanged: ['piano', 'cello'] });
});

test('a tempo change changes every part', () => {
  const a = loopScore(TWO_PARTS).parts;
  const faster = loopScore(TWO_PARTS.replace('240', '300')).parts;
  assert.equal(compareParts(a, faster, true).changed, ['piano', 'cello']);
});

test('iterationMessages: iteration k is the material shifted by anchor + k × length', () => {
  const piano = loopScore(TWO_PARTS).parts.get('piano')!;
  const third = iterationMessages(piano, 1000, 2);
  assert.equal(third[0]!.t, 2000);
  assert.equal(third.map((m) => m.t - 2000), piano.messages.map((m) => m.t));
  // No drift: a far iteration is placed by multiplication, not by summing lengths.
  assert.equal(iterationMessages(piano, 0, 100_000)[0]!.t, 50_000_000);
});

test('parseQuant: beat, bar, loop, N beats; anything else is refused with a code', () => {
  assert.equal(parseQuant('loop'), { kind: 'loop' });
  assert.equal(parseQuant('beat'), { kind: 'beats', beats: 1 });
  assert.equal(parseQuant('bar'), { kind: 'beats', beats: 4 });
  assert.equal(parseQuant('2.5'), { kind: 'beats', beats: 2.5 });
  for (const bad of ['', '0', '-1', 'bars', '1e9']) {
    assert.throws(() => parseQuant(bad), (error: unknown) => error instanceof QuantError && error.code === 'ALDA_BAD_QUANT');
  }
});

test('nextBoundary: (1/3) loop quant is the end of the current iteration, from the part\'s anchor', () => {
  const placement = { anchor: 300, length: 500 };
  assert.is(nextBoundary(320, { kind: 'loop' }, placement, 250), 800);
  assert.is(nextBoundary(800, { kind: 'loop' }, placement, 250), 800);
  assert.is(nextBoundary(800.0000001, { kind: 'loop' }, placement, 250), 800);
  assert.is(nextBoundary(801, { kind: 'loop' }, placement, 250), 1300);
});

test('nextBoundary: (2/3) a part not started yet changes at its start', () => {
  assert.is(nextBoundary(100, { kind: 'loop' }, { anchor: 300, length: 500 }, 250), 300);
});

test('nextBoundary: (3/3) beats quant is the shared grid from transport 0, whatever the part', () => {
  const placement = { anchor: 300, length: 500 };
  assert.is(nextBoundary(320, parseQuant('beat'), placement, 250), 500);
  assert.is(nextBoundary(320, parseQuant('bar'), placement, 250), 1000);
  assert.is(nextBoundary(1001, parseQuant('3'), placement, 250), 1500);
});

test('entryBoundary: a new part enters in phase, at a multiple of its own length or on the grid', () => {
  assert.is(entryBoundary(1100, { kind: 'loop' }, 750, 250), 1500);
  assert.is(entryBoundary(1100, parseQuant('bar'), 750, 250), 2000);
});

test('planSwaps: changed parts swap at their boundary, new ones enter in phase, removed ones stop; unchanged are absent', () => {
  const old = loopScore(TWO_PARTS).parts;
  const playing = new Map<string, PartLoop>([...old].map(([part, material]) => [part, { material, anchor: 0, length: material.length }]));
  const next = loopScore('(tempo! 240)\npiano: c8 d e g\nflute: c2.\n');
  const swaps = planSwaps(playing, next, { after: 1210, quant: { kind: 'loop' }, whole: true });
  assert.equal(
    swaps.map((s) => [s.part, s.kind, s.at]),
    [
      ['piano', 'swap', 1500],
      ['flute', 'enter', 1500],
      ['cello', 'stop', 1500],
    ],
  );
  const same = planSwaps(playing, loopScore(TWO_PARTS), { after: 1210, quant: { kind: 'loop' }, whole: true });
  assert.equal(same, []);
});

const channels = (material: { messages: readonly { d: readonly number[] }[] }) => [...new Set(material.messages.map((m) => m.d[0]! & 0x0f))];

test('keepChannels: a part evaluated alone keeps off the channels of the parts looping; a looping part keeps its own', () => {
  const playing = loopScore(TWO_PARTS).parts;
  const typed = keepChannels(loopScore('(tempo! 240) flute: c8 d'), playing);
  assert.equal(channels(typed.parts.get('flute')!), [2]);
  const again = keepChannels(loopScore('(tempo! 240) cello: o2 e4 g'), playing);
  assert.equal(channels(again.parts.get('cello')!), [1], 'the cello stays on its channel');
  // Same notes on the same channel: unchanged, though it was evaluated on channel 0.
  const same = keepChannels(loopScore('(tempo! 240) cello: o2 c4 g'), playing);
  assert.equal(compareParts(playing, same.parts, false).unchanged, ['cello', 'piano']);
});

test('keepChannels: a part added above another in a file does not move it', () => {
  const playing = loopScore(TWO_PARTS).parts;
  const next = keepChannels(loopScore('(tempo! 240)\nflute: c2\npiano: c8 d e f\ncello: o2 c4 g\n'), playing);
  assert.equal(compareParts(playing, next.parts, true), { changed: [], added: ['flute'], removed: [], unchanged: ['piano', 'cello'] });
  assert.equal(channels(next.parts.get('flute')!), [2]);
});

test.run();
