import { mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { hostMs, type Clock } from './clock.js';
import type { Sink } from './sinks/sink.js';

/**
 * What a step of the performer's deadline loop was: a timer firing (`a`: when it was due), a pause
 * before a deadline (`a`: how long it was asked for), one sink's send of one message (`a`: its due
 * time on the session's timeline), a sink's burst written, a garbage collection (`a`: V8's kind).
 */
const STEPS = ['timer', 'pause', 'send', 'burst', 'gc'] as const;
export type LoopStep = (typeof STEPS)[number];

/** Steps kept: a play of 2000 notes takes some 13,000; an older one is overwritten by a newer. */
const CAPACITY = 1 << 16;
/**
 * Doubles a step takes in the ring: its kind, when it began and ended (ms, `performance.now()`),
 * `a`, and for a pause the ms its thread ran, and spent runnable but waiting for a CPU, meanwhile
 * (Linux): a pause that comes back late with neither was blocked; with run time, it did work
 * inside (V8 handles its interrupts in `Atomics.wait`).
 */
const STRIDE = 6;

/**
 * Timestamps of each step of the performer's loop (wake, send, burst, pause) and of its garbage
 * collections, into a ring allocated once, written out after each play: to tell where a late
 * message's time went (the machine's stall, a collection, our own work, the send). Only for
 * benchmarks (ALDA_LIVE_LOOP_TRACE names a directory): a performer without it wraps nothing.
 */
export class LoopTrace {
  readonly #dir: string;
  readonly #ring = new Float64Array(CAPACITY * STRIDE);
  #steps = 0;
  #dumps = 0;
  readonly #gc: PerformanceObserver;
  /** The main thread's /proc/thread-self/schedstat, open for the life of the process. */
  readonly #schedstat = schedstat();
  readonly #buffer = Buffer.alloc(128);

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
    this.#gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.mark('gc', entry.startTime, entry.startTime + entry.duration, gcKind(entry));
    });
    this.#gc.observe({ entryTypes: ['gc'] });
  }

  mark(step: LoopStep, began: number, ended: number, a: number, ran = 0, waited = 0): void {
    const at = (this.#steps++ % CAPACITY) * STRIDE;
    this.#ring[at] = STEPS.indexOf(step);
    this.#ring[at + 1] = began;
    this.#ring[at + 2] = ended;
    this.#ring[at + 3] = a;
    this.#ring[at + 4] = ran;
    this.#ring[at + 5] = waited;
  }

  /** The clock, with its timers' firings and its pauses marked. */
  clock(clock: Clock): Clock {
    const pause = clock.pause;
    return {
      ...clock,
      now: () => clock.now(),
      setTimer: (callback, ms) => {
        const due = clock.now() + ms;
        return clock.setTimer(() => {
          const now = clock.now();
          this.mark('timer', now, now, due);
          callback();
        }, ms);
      },
      clearTimer: (handle) => clock.clearTimer(handle),
      ...(pause && {
        pause: (ms: number) => {
          const [ran, waited] = this.#schedStat();
          const began = clock.now();
          pause(ms);
          const ended = clock.now();
          const [ranAfter, waitedAfter] = this.#schedStat();
          this.mark('pause', began, ended, ms, ranAfter - ran, waitedAfter - waited);
        },
      }),
    };
  }

  /** The sink, with each send and burst marked. */
  sink(sink: Sink): Sink {
    const sent = sink.sent?.bind(sink);
    return {
      name: sink.name,
      send: (data, due, at) => {
        const began = performance.now();
        sink.send(data, due, at);
        this.mark('send', began, performance.now(), due);
      },
      ...(sent && {
        sent: () => {
          const began = performance.now();
          sent();
          this.mark('burst', began, performance.now(), 0);
        },
      }),
      ...(sink.prepare && { prepare: sink.prepare.bind(sink) }),
      ...(sink.flush && { flush: sink.flush.bind(sink) }),
      ...(sink.silence && { silence: sink.silence.bind(sink) }),
      close: () => sink.close(),
    };
  }

  /** Ms this thread has run, and spent runnable waiting for a CPU, since it started (/proc/thread-self/schedstat); 0 where there is none. */
  #schedStat(): [number, number] {
    if (this.#schedstat === undefined) return [0, 0];
    const length = readSync(this.#schedstat, this.#buffer, 0, this.#buffer.length, 0);
    const [ran, waited] = this.#buffer.toString('latin1', 0, length).split(' ');
    return [Number(ran) / 1e6, Number(waited) / 1e6];
  }

  /**
   * Writes the steps since the last dump to `loop-PID-N.jsonl` in the directory: a first line with
   * what turns their ms into the host's monotonic clock (the recording's `host`), then one step a
   * line, oldest first. Called after a play, when nothing is due.
   */
  dump(): string {
    const first = Math.max(0, this.#steps - CAPACITY);
    const lines = [JSON.stringify({ pid: process.pid, hostOffset: hostMs() - performance.now(), steps: this.#steps - first })];
    for (let i = first; i < this.#steps; i++) {
      const at = (i % CAPACITY) * STRIDE;
      const [step, began, ended, a, ran, waited] = this.#ring.subarray(at, at + STRIDE);
      lines.push(`{"step":"${STEPS[step!]}","began":${began},"ended":${ended},"a":${a},"ran":${ran},"waited":${waited}}`);
    }
    this.#steps = 0;
    const file = join(this.#dir, `loop-${process.pid}-${++this.#dumps}.jsonl`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }
}

function schedstat(): number | undefined {
  try {
    return openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return undefined;
  }
}

/** The trace ALDA_LIVE_LOOP_TRACE asks for, if any. */
export function loopTraceFromEnv(): LoopTrace | undefined {
  const dir = process.env.ALDA_LIVE_LOOP_TRACE;
  return dir ? new LoopTrace(dir) : undefined;
}

/** V8's kind of collection (1 scavenge, 2 mark-compact, 4 incremental marking, 8 weak callbacks). */
function gcKind(entry: PerformanceEntry): number {
  return (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
}
