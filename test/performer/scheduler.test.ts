import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Clock } from '../../src/performer/clock.js';
import { SET_UP_LEAD_MS, Scheduler, type QueuedMessage } from '../../src/performer/scheduler.js';

/** A clock that moves only when told to, firing due timers in order; `tick` advances it on each read (a spin), a pause by its length. */
class HandClock implements Clock {
  time = 0;
  tick = 0;
  paused = 0;
  /** How much later than asked a pause comes back (a thread woken late). */
  overshoot = 0;
  maxSleep: number | undefined;
  timers = new Map<number, { at: number; callback: () => void }>();
  #next = 1;
  now(): number {
    this.time += this.tick;
    return this.time;
  }
  setTimer(callback: () => void, ms: number): unknown {
    const handle = this.#next++;
    this.timers.set(handle, { at: this.time + ms, callback });
    return handle;
  }
  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  pause(ms: number): void {
    this.paused += ms;
    this.time += ms + this.overshoot;
  }
  advance(to: number): void {
    for (;;) {
      const next = [...this.timers.entries()].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].callback();
    }
    this.time = Math.max(this.time, to);
  }
}

function setup(options: { spinMargin?: number; pauseUpTo?: number; tick?: number; maxSleep?: number; bursts?: number[] } = {}) {
  const clock = new HandClock();
  clock.maxSleep = options.maxSleep;
  clock.tick = options.tick ?? 0;
  const sent: { data: readonly number[]; due: number; at: number }[] = [];
  let idle = 0;
  const scheduler = new Scheduler({
    clock,
    spinMargin: options.spinMargin ?? 0,
    pauseUpTo: options.pauseUpTo ?? 0,
    send: (data, due, at) => sent.push({ data, due, at }),
    sent: () => options.bursts?.push(sent.length),
    onIdle: () => idle++,
  });
  return { clock, scheduler, sent, idle: () => idle };
}

const on = (due: number, note: number, part = 'p1', channel = 0): QueuedMessage => ({ due, data: [0x90 | channel, note, 100], part });
const off = (due: number, note: number, part = 'p1', channel = 0): QueuedMessage => ({ due, data: [0x80 | channel, note, 0], part });

test('sends each message at its due time, never before', () => {
  const { clock, scheduler, sent } = setup();
  scheduler.add([on(10, 60), off(20, 60), on(20, 62), off(30, 62)]);
  clock.advance(9.99);
  assert.is(sent.length, 0);
  clock.advance(10);
  assert.equal(sent.map((s) => s.at), [10]);
  clock.advance(100);
  assert.equal(sent.map((s) => s.due), [10, 20, 20, 30]);
  assert.ok(sent.every((s) => s.at >= s.due));
});

test('at one time, messages keep their order: the note-off before the repeated note-on', () => {
  const { clock, scheduler, sent } = setup();
  scheduler.add([on(0, 60), off(10, 60), on(10, 60), off(20, 60)]);
  clock.advance(50);
  assert.equal(sent.map((s) => s.data[0]), [0x90, 0x80, 0x90, 0x80]);
});

test('messages due at one moment go out as one burst, and the sinks hear when it has gone', () => {
  const bursts: number[] = [];
  const { clock, scheduler } = setup({ bursts });
  const chord = [on(10, 60), on(10, 64), on(10, 67), on(10, 71)];
  scheduler.add([...chord, off(20, 60), off(20, 64)]);
  clock.advance(10);
  assert.equal(bursts, [4], 'one burst of four, told once');
  scheduler.stop();
  assert.equal(bursts, [4, 9], 'the stop sends four note-offs and All Notes Off: one more burst');
});

const program = (due: number, channel = 0): QueuedMessage => ({ due, data: [0xc0 | channel, 40], part: 'p1' });
const volume = (due: number, channel = 0): QueuedMessage => ({ due, data: [0xb0 | channel, 11, 90], part: 'p1' });

test("a channel's set-up goes out ahead of its first note, as the batch arrives: the note has its instant to itself", () => {
  const bursts: number[] = [];
  const { clock, scheduler, sent } = setup({ bursts });
  clock.time = 100;
  scheduler.add([program(110), volume(110), on(110, 60), program(110, 1), volume(110, 1), on(110, 48, 'p2', 1), off(200, 60), off(200, 48, 'p2', 1)]);
  assert.equal(sent.map((s) => [s.data[0], s.due, s.at]), [[0xc0, 100, 100], [0xb0, 100, 100], [0xc1, 100, 100], [0xb1, 100, 100]], 'sent at once, due then');
  assert.equal(bursts, [4]);
  clock.advance(110);
  assert.equal(sent.slice(4).map((s) => [s.data[0], s.due]), [[0x90, 110], [0x91, 110]]);
});

test('a set-up further ahead goes out SET_UP_LEAD_MS before its note, no sooner', () => {
  const { clock, scheduler, sent } = setup();
  scheduler.add([program(500), on(500, 60), off(600, 60)]);
  clock.advance(489);
  assert.is(sent.length, 0);
  clock.advance(500);
  assert.equal(sent.map((s) => [s.data[0], s.due]), [[0xc0, 500 - SET_UP_LEAD_MS], [0x90, 500]]);
});

test('once a note is queued on a channel, its set-up goes out when due: a change of volume under a sounding note is not moved', () => {
  const { clock, scheduler, sent } = setup();
  scheduler.add([on(0, 60), volume(50), off(100, 60)]);
  scheduler.add([volume(150), on(150, 62), off(200, 62)]);
  clock.advance(300);
  assert.equal(sent.filter((s) => s.data[0] === 0xb0).map((s) => s.due), [50, 150]);
});

test("set-up after a channel's first note in the batch stays where it is", () => {
  const { clock, scheduler, sent } = setup();
  clock.time = 100;
  scheduler.add([on(110, 60), off(150, 60), program(150), on(150, 62), off(200, 62)]);
  clock.advance(300);
  assert.equal(sent.find((s) => s.data[0] === 0xc0)!.due, 150);
});

test('a late wake-up sends everything overdue at once (catch-up)', () => {
  const { clock, scheduler, sent } = setup();
  scheduler.add([on(1, 60), off(2, 60), on(3, 61), off(4, 61), on(60, 62)]);
  // The process was busy: its timer, set for 1 ms, fires at 50.
  clock.time = 50;
  clock.advance(50);
  assert.equal(sent.map((s) => s.at), [50, 50, 50, 50]);
});

test('what a late pause left overdue goes out at once, before I/O is let in', () => {
  const { clock, scheduler, sent } = setup({ spinMargin: 1.5, pauseUpTo: 10 });
  scheduler.add([on(20, 60), off(21, 60), on(40, 61)]);
  clock.overshoot = 15;
  // Its timer wakes it 1.5 ms before the first deadline; the pause meant to close that gap (less the
  // 0.1 ms spun) ends 15 ms late, at 34.9.
  clock.advance(18.5);
  assert.equal(sent.map((s) => s.at), [34.9, 34.9]);
  // On time again (each look at the clock moves it on, as a spin does), the next one goes out when due.
  clock.overshoot = 0;
  clock.tick = 0.01;
  clock.advance(100);
  assert.is(sent.length, 3);
  assert.ok(sent[2]!.at >= 40 && sent[2]!.at < 40.1, `sent at ${sent[2]!.at}`);
});

test("it sleeps until the next deadline, or at most the clock's maxSleep (Link's, whose tempo a peer may change)", () => {
  const { clock, scheduler } = setup();
  scheduler.add([on(1000, 60)]);
  assert.equal([...clock.timers.values()].map((t) => t.at), [1000]);
  const link = setup({ maxSleep: 5 });
  link.scheduler.add([on(1000, 60)]);
  assert.equal([...link.clock.timers.values()].map((t) => t.at), [5]);
});

test('a batch queued behind what waits leaves the timer as it is; one due sooner moves it', () => {
  const { clock, scheduler } = setup();
  scheduler.add([on(100, 60)]);
  const [first] = clock.timers.keys();
  scheduler.add([on(200, 62), on(150, 61)]);
  assert.equal([...clock.timers.keys()], [first]);
  scheduler.add([on(50, 59)]);
  assert.equal([...clock.timers.values()].map((t) => t.at), [50]);
  clock.advance(1000);
});

test('within the spin margin it waits to the exact due time, pausing (no CPU) all but the last 0.1 ms', () => {
  const { clock, scheduler, sent } = setup({ spinMargin: 1.5, tick: 0.05 });
  scheduler.add([on(10, 60)]);
  const [timer] = [...clock.timers.values()];
  assert.ok(timer!.at <= 8.5 + 0.5);
  clock.advance(9);
  assert.is(sent.length, 1);
  assert.ok(sent[0]!.at >= 10 && sent[0]!.at <= 10.3, `sent at ${sent[0]!.at}`);
  assert.ok(clock.paused >= 0.5, `paused ${clock.paused} ms of the wait`);
});

test('a gap of up to pauseUpTo ms is paused through after letting I/O in: one sleep a deadline, no timer', () => {
  const { clock, scheduler, sent } = setup({ spinMargin: 1.5, pauseUpTo: 10, tick: 0.01 });
  const timers = () => [...clock.timers.values()].map((t) => Math.round(t.at * 10) / 10);
  scheduler.add([on(20, 60), off(27.2, 60), on(28, 62), off(100, 62)]);
  assert.equal(timers(), [18.5], 'a timer for the first, 20 ms away');
  clock.advance(19);
  assert.equal(sent.map((s) => s.due), [20], 'paused to it');
  assert.is(timers().length, 1);
  assert.ok(timers()[0]! < 20.1, 'then a 0 ms wake-up: I/O goes first');
  const paused = clock.paused;
  clock.advance(clock.time);
  assert.equal(sent.map((s) => s.due), [20, 27.2, 28], 'the next, 7.2 ms on, paused to; the one 0.8 ms after it too');
  assert.ok(clock.paused - paused >= 7, `paused ${clock.paused - paused} ms`);
  assert.equal(timers(), [98.5], 'a timer for the one 72 ms away');
  clock.advance(200);
  assert.is(sent.length, 4);
  assert.ok(sent.every((s) => s.at >= s.due && s.at - s.due < 0.2));
});

test('a batch queued while the queue is quiet is answered at once: a command never waits through a long pause', () => {
  const { clock, scheduler, sent } = setup({ spinMargin: 1.5, pauseUpTo: 10, tick: 0.01 });
  scheduler.add([on(8, 60)]);
  assert.is(clock.paused, 0);
  assert.equal([...clock.timers.values()].map((t) => Math.round(t.at * 10) / 10), [6.5]);
  clock.advance(10);
  assert.is(sent.length, 1);
});

test('messages added out of order are merged into time order', () => {
  const { clock, scheduler, sent } = setup();
  scheduler.add([on(30, 64), off(40, 64)]);
  scheduler.add([on(10, 60), off(20, 60)]);
  clock.advance(100);
  assert.equal(sent.map((s) => s.due), [10, 20, 30, 40]);
});

test('a chunk that overlaps the queue is merged from its first time on; at one time the earlier arrival goes first', () => {
  const { clock, scheduler, sent } = setup();
  scheduler.add([on(10, 60), on(20, 61), on(30, 62), on(40, 63)]);
  scheduler.add([on(20, 70), on(35, 71)]);
  scheduler.add([on(50, 72)]);
  clock.advance(100);
  assert.equal(sent.map((s) => s.data[1]), [60, 61, 70, 62, 71, 63, 72]);
});

test('a stream denser than the spin margin lets I/O in every 10 ms instead of spinning to its end', () => {
  const { clock, scheduler, sent } = setup({ spinMargin: 1.5, tick: 0.25 });
  scheduler.add(Array.from({ length: 400 }, (_, i) => on(i / 2, 60 + (i % 12))));
  assert.ok(sent.length > 0 && sent.length < 400, `sent ${sent.length} of 400 before letting I/O in`);
  assert.ok(clock.time >= 10 && clock.time < 12, `busy until ${clock.time} ms`);
  assert.equal([...clock.timers.values()].map((t) => t.at), [clock.time], 'and comes back as soon as it has');
  clock.advance(300);
  assert.is(sent.length, 400);
  assert.ok(sent.every((s) => s.at >= s.due));
});

test('stop sends note-offs for exactly what sounds, then All Notes Off on the used channels', () => {
  const { clock, scheduler, sent, idle } = setup();
  scheduler.add([on(0, 60), on(0, 64, 'p2', 3), off(100, 60), off(100, 64, 'p2', 3), on(200, 67)]);
  clock.advance(50);
  sent.length = 0;
  scheduler.stop();
  assert.equal(sent.map((s) => s.data), [[0x80, 60, 0], [0x83, 64, 0], [0xb0, 123, 0], [0xb3, 123, 0]]);
  assert.is(scheduler.pending, 0);
  assert.is(scheduler.sounding.size, 0);
  assert.is(idle(), 1);
  clock.advance(500);
  assert.is(sent.length, 4);
});

test('replacing a part ends its notes at the swap time and leaves other parts alone', () => {
  const { clock, scheduler, sent } = setup();
  scheduler.add([on(0, 60), off(300, 60), on(300, 62), off(400, 62), on(0, 70, 'p2', 1), off(400, 70, 'p2', 1)]);
  clock.advance(100);
  scheduler.replacePart('p1', 200, [on(200, 72), off(250, 72)]);
  clock.advance(1000);
  const p1 = sent.filter((s) => (s.data[0]! & 0x0f) === 0).map((s) => [s.due, s.data[0], s.data[1]]);
  assert.equal(p1, [[0, 0x90, 60], [200, 0x80, 60], [200, 0x90, 72], [250, 0x80, 72]]);
  const p2 = sent.filter((s) => (s.data[0]! & 0x0f) === 1).map((s) => s.due);
  assert.equal(p2, [0, 400]);
  assert.is(scheduler.sounding.size, 0);
});

test('idle is reported once the queue is dry and nothing sounds', () => {
  const { clock, scheduler, idle } = setup();
  scheduler.add([on(0, 60), off(10, 60)]);
  clock.advance(5);
  assert.is(idle(), 0);
  clock.advance(20);
  assert.is(idle(), 1);
});

test('bad options are refused with a TypeError naming them (1/3)', () => {
  assert.throws(() => new Scheduler({ clock: new HandClock(), send: () => {}, spinMargin: -1 }), /`spinMargin`.*-1/);
});

test('bad options are refused with a TypeError naming them (2/3)', () => {
  assert.throws(() => new Scheduler({ clock: new HandClock(), send: () => {}, wakeInterval: 0 }), /`wakeInterval`.*0/);
});

test('bad options are refused with a TypeError naming them (3/3)', () => {
  assert.throws(() => new Scheduler({ clock: new HandClock(), send: () => {}, pauseUpTo: 50 }), /`pauseUpTo`.*50/);
});

test.run();
