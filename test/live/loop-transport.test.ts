import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loopScore, type LoopMessage } from '../../src/live/loop-material.js';
import { LoopTransport, type PerformerLink } from '../../src/live/loop-transport.js';
import { parseQuant } from '../../src/live/quant.js';
import { TempoTimeline, type TimelineTimer } from '../../src/live/timeline.js';

/** A clock that moves only when the test moves it. */
class FakeTimeline extends TempoTimeline {
  #now = 0;
  #timers: { at: number; callback: () => void; cancelled: boolean }[] = [];

  now(): number {
    return this.#now;
  }

  after(ms: number, callback: () => void): TimelineTimer {
    const timer = { at: this.#now + ms, callback, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Moves the clock on, running each timer due on the way, and what it sets off. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      const next = this.#timers.filter((t) => !t.cancelled && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.#now = next.at;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      next.callback();
      await settle();
    }
    this.#now = until;
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A performer whose timeline is the fake clock: transport 0 at clock 0. */
class FakeLink implements PerformerLink {
  readonly scheduled: LoopMessage[][] = [];
  readonly replaced: { part: string; from: number; messages: readonly LoopMessage[] }[] = [];
  readonly #timeline: FakeTimeline;

  constructor(timeline: FakeTimeline) {
    this.#timeline = timeline;
  }

  async schedule(messages: readonly LoopMessage[]): Promise<{ shift: number }> {
    this.scheduled.push([...messages]);
    return { shift: 0 };
  }

  async replace(part: string, from: number, messages: readonly LoopMessage[]): Promise<void> {
    this.replaced.push({ part, from, messages });
  }

  async position(): Promise<number | null> {
    return this.#timeline.now();
  }
}

const test = suite('loop transport on a fake clock');

const noteOns = (batches: LoopMessage[][]) => batches.flat().filter((m) => (m.d[0]! & 0xf0) === 0x90).map((m) => m.t);

test('the feed keeps the performer a horizon ahead, topped up every interval of the clock', async () => {
  const timeline = new FakeTimeline();
  const link = new FakeLink(timeline);
  const transport = new LoopTransport({ link, timeline, horizon: 2000, feedInterval: 250 });
  try {
    // Two quarters at 120 bpm: a loop of 1000 ms.
    await transport.update(loopScore('piano: c4 d'), true);
    assert.equal(noteOns(link.scheduled), [0, 500, 1000, 1500], 'two iterations within the horizon');
    await timeline.advance(250);
    assert.equal(noteOns(link.scheduled), [0, 500, 1000, 1500, 2000, 2500], 'the third once it comes within the horizon');
    await timeline.advance(1000);
    assert.equal(noteOns(link.scheduled).at(-1), 3500);
  } finally {
    transport.close();
  }
});

test("the quantum's grid is in the timeline's beats: the score's tempo sets the system's, and a change is heard", async () => {
  const timeline = new FakeTimeline();
  const tempos: number[] = [];
  timeline.onTempo((bpm) => tempos.push(bpm));
  const transport = new LoopTransport({ link: new FakeLink(timeline), timeline, quant: parseQuant('beat') });
  try {
    await transport.update(loopScore('(tempo! 60) piano: c1'), true);
    assert.equal(tempos, [60]);
    assert.is(timeline.timeAt(1), 1000);
    await timeline.advance(1100);
    const swap = await transport.unloop('piano');
    assert.is(swap!.at, 2000, 'the next beat of a 1000 ms beat after now (1100) and the margin');
  } finally {
    transport.close();
  }
});

test('closed, the transport sets no more timers: nothing is fed after', async () => {
  const timeline = new FakeTimeline();
  const link = new FakeLink(timeline);
  const transport = new LoopTransport({ link, timeline });
  await transport.update(loopScore('piano: c4 d'), true);
  transport.close();
  const batches = link.scheduled.length;
  await timeline.advance(10_000);
  assert.is(link.scheduled.length, batches);
});

test.run();
