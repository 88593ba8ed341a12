/**
 * Timing of the live pipeline, through the real processes: a server started as a client would
 * start it (detached, its own state dir), its performer, real WebSockets, and the recorder.
 *
 *   1. lateness (at − due) of 2000 notes (4000+ messages), idle, then while the server evaluates
 *      the 1 MB benchmark score in another session;
 *   2. eval → first note-on, for one-note evals on a warm session;
 *   3. `alda-live play -c` from a cold start (no server) to the first note-on, and warm (the
 *      server of the cold start, once its spare performer is ready);
 *   4. resident memory of the idle server and its performer.
 *
 * Prints figures; asserts nothing. Run: npm run bench:timing (`-- --start`: steps 3 and 4 only)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type Client } from '../src/client/client.js';
import { median, nodeStart, settled, shutdownServer, until, type Ps } from './server-processes.js';

const root = resolve(import.meta.dirname, '..');
const NOTES = 2000;
const SPACING = 8;

interface Line {
  at: number;
  due: number;
  data: number[];
}

const read = (file: string): Line[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.endsWith('}'))
        .map((l) => JSON.parse(l) as Line)
    : [];

function quantiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const early = sorted.filter((v) => v < 0).length;
  return `n=${sorted.length}  p50 ${q(0.5).toFixed(3)}  p99 ${q(0.99).toFixed(3)}  max ${sorted.at(-1)!.toFixed(3)} ms  (early: ${early})`;
}

/** 2000 notes of 8 ms: `c8ms d8ms …` in one part. */
function runOfNotes(): string {
  const letters = 'cdefgab';
  return `piano: o4 ${Array.from({ length: NOTES }, (_, i) => `${letters[i % 7]}${SPACING}ms`).join(' ')}`;
}

async function lateness(client: Client, dir: string, label: string, load?: () => Promise<unknown>): Promise<void> {
  const record = join(dir, `${label}.jsonl`);
  const session = `lateness-${label}`;
  const result = await client.request('eval', { session, code: runOfNotes(), sink: { record } }, { timeout: 30_000 });
  const loadDone = load?.();
  const expected = NOTES * 2 + 3;
  await until(`${expected} messages in ${label}`, () => read(record).length >= expected);
  const loadTime = await loadDone;
  // Every MIDI message counts, the part's program, volume and pan with the notes; only the
  // channel mode messages of a stop (sent when carried out, due then) are left out.
  const lines = read(record).filter((l) => !((l.data[0]! & 0xf0) === 0xb0 && l.data[1]! >= 120));
  console.log(`lateness ${label.padEnd(22)} ${quantiles(lines.map((l) => l.at - l.due))}${loadTime ? `  (${loadTime})` : ''}`);
  void result;
}

async function evalToNote(client: Client, dir: string): Promise<void> {
  const record = join(dir, 'eval.jsonl');
  await client.request('eval', { session: 'eval', code: 'piano: c16', sink: { record } });
  const latencies: number[] = [];
  for (let i = 0; i < 30; i++) {
    await until('the last note to end', () => read(record).filter((l) => l.data[0] === 0x80).length >= i + 1);
    const count = read(record).length;
    const sent = performance.now();
    const reply = (await client.request('eval', { session: 'eval', code: 'c16' })) as { firstDue: number; position: number };
    const replied = performance.now();
    const lines = await until('the note-on', () => {
      const lines = read(record).slice(count);
      return lines.some((l) => l.data[0] === 0x90) && lines;
    });
    const on = lines.find((l) => l.data[0] === 0x90)!;
    // Send→reply, plus how far ahead of the performer's "now" the note was placed, plus its lateness.
    latencies.push(replied - sent + (reply.firstDue - reply.position) + (on.at - on.due));
  }
  console.log(`eval → first note-on       ${quantiles(latencies)}  (an upper bound: includes the reply's way back)`);
}

/**
 * Runs `alda-live play -c` and resolves with ms from spawn to the first line landing in the
 * recording. The exit is awaited from the moment of the spawn: a play that ends before the
 * recording is seen must not leave a promise that never settles.
 */
async function playToFirstNote(stateDir: string, record: string): Promise<number> {
  const bin = join(root, 'bin', 'alda-live.js');
  const started = performance.now();
  let watcher: ReturnType<typeof watch> | undefined;
  const firstLine = new Promise<number>((resolve) => {
    watcher = watch(stateDir, { recursive: false }, () => {
      if (existsSync(record) && statSync(record).size > 0) resolve(performance.now() - started);
    });
  });
  const child = spawn(process.execPath, [bin, 'play', '-c', 'piano: c8', '--record', record], {
    env: { ...process.env, ALDA_LIVE_STATE_DIR: stateDir },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const code = await exited;
    if (code !== 0) throw new Error(`alda-live play exited with ${code}`);
    return await Promise.race([
      firstLine,
      until('the recording of `play -c`', () => existsSync(record) && statSync(record).size > 0 && performance.now() - started, 10_000),
    ]);
  } finally {
    watcher?.close();
  }
}

async function coldStart(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    console.log('cold start: skipped (run `npm run build` first: it measures bin/alda-live.js)');
    return;
  }
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'alda-live-cold-'));
    try {
      cold.push(await playToFirstNote(dir, join(dir, 'cold.jsonl')));
      await settled(dir);
      warm.push(await playToFirstNote(dir, join(dir, 'warm.jsonl')));
      if (i === 0) memory(await settled(dir));
    } finally {
      await shutdownServer(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const node = await nodeStart();
  const over = (times: number[]) => `${times.map((t) => t.toFixed(0)).join(', ')} ms; median ${(median(times) - node).toFixed(0)} ms over \`node -e 0\` (${node.toFixed(0)} ms)`;
  console.log(`play -c, cold start → first note-on  ${over(cold)} (dist build; first line of the recording, seen by inotify)`);
  console.log(`play -c, warm server → first note-on ${over(warm)}`);
}

/** Proportional set size from /proc (Linux): shared pages (node's own code) split between the processes that map them. */
function pss(pid: number): number | null {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function memory(ps: Ps): void {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  const performers = ps.performers.map((p) => p.rss ?? 0);
  const total = ps.server.rss + performers.reduce((a, b) => a + b, 0);
  const shares = [ps.server.pid, ...ps.performers.map((p) => p.pid)].map((pid) => pss(pid) ?? 0);
  console.log(`idle RSS: server ${mb(ps.server.rss)} MB + performers ${performers.map(mb).join(' + ')} MB = ${mb(total)} MB (dist build; bench:memory has more)`);
  console.log(`idle PSS: ${shares.map(mb).join(' + ')} MB = ${mb(shares.reduce((a, b) => a + b, 0))} MB (node's shared code counted once)`);
}

/** How busy the machine is, printed with the figures: on 2 shared cores, other work moves them a lot. */
async function machine(): Promise<string> {
  return `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores; \`node -e 0\` takes ${(await nodeStart()).toFixed(0)} ms`;
}

console.log(await machine());
if (!process.argv.includes('--start')) await pipeline();
await coldStart();
console.log(await machine());

/** Steps 1 and 2, on a server of their own. */
async function pipeline(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-bench-'));
  const client = await connect({ stateDir: dir });
  try {
    console.log(`server ${client.server.url} (pid ${client.server.pid}), ${NOTES} notes every ${SPACING} ms per run`);
    await lateness(client, dir, 'idle');
    const big = readFileSync(fileURLToPath(new URL('../test/fixtures/bench/perf-1m.alda', import.meta.url)), 'utf8');
    await lateness(client, dir, 'server-evaluating-1MB', async () => {
      const started = performance.now();
      await client.request('eval', { session: 'load', code: big, play: false }, { timeout: 120_000, attempts: 1 });
      return `the 1 MB eval took ${((performance.now() - started) / 1000).toFixed(1)} s`;
    });
    await evalToNote(client, dir);
  } finally {
    client.close();
    await shutdownServer(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}
