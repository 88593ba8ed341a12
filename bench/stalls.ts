/**
 * Where a late message's time goes. Plays 2000 notes 8 ms apart with `alda-live play --record`,
 * each on a fresh server (its own state dir), with the performer's loop traced (ALDA_LIVE_LOOP_TRACE:
 * src/performer/loop-trace.ts) and, meanwhile, a real-time thread in a session of its own that
 * only sleeps 4 ms at a time and notes when it woke late (the machine's own stalls, on the same
 * host clock; one pinned to each CPU). For every MIDI message, lateness = at − due; each one late by more than 1 ms is
 * put down to the first of:
 *   machine  a sleeper was stalled then too
 *   gc       a collection of the performer's ran in the late stretch
 *   pause    the thread woke late from its pause before the deadline (Atomics.wait)
 *   timer    its timer fired late (the event loop was busy, or the thread waited for a CPU)
 *   send     the sends before it in its burst took the time
 *   work     none of these: the performer's own code between waking and sending
 *
 * Prints figures; asserts nothing. Run: npm run bench:stalls [-- --runs N] [--compiling] [--untraced]
 * [--against DIR] [--keep DIR] (--against: another build's bin/ and dist/, played alternately,
 * untraced; --keep: each play's recording and traces copied there)
 * With --compiling, the server evaluates the 1 MB benchmark score in another session meanwhile.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from '../src/client/client.js';
import { quantile } from './quantiles.js';
import { readLines, type Line } from './recording.js';
import { settled, shutdownServer } from './server-processes.js';

const NOTES = 2000;
const SPACING = 8;
/** Lateness above which a message is looked into, ms. */
const LATE_MS = 1;
const root = resolve(import.meta.dirname, '..');

interface Step {
  readonly step: 'timer' | 'pause' | 'send' | 'burst' | 'gc';
  /** On the host's monotonic clock, ms. */
  readonly began: number;
  readonly ended: number;
  readonly a: number;
  /** For a pause: ms its thread ran, and was runnable waiting for a CPU, meanwhile. */
  readonly ran: number;
  readonly waited: number;
}

interface Stall {
  readonly host: number;
  readonly late: number;
}

const CAUSES = ['machine', 'gc', 'pause', 'timer', 'send', 'work'] as const;
type Cause = (typeof CAUSES)[number];

/** The sleeper: real-time RR 1, as the performer's main thread, printing its late wake-ups (host ms) as JSON. */
const SLEEPER = `
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const host = () => Number(process.hrtime.bigint()) / 1e6;
  const stalls = [];
  const late = [];
  for (const end = host() + Number(process.argv[1]); host() < end; ) {
    const t = host();
    Atomics.wait(cell, 0, 0, 4);
    const l = host() - t - 4;
    late.push(l);
    if (l > 0.3) stalls.push({ host: t + 4, late: l });
  }
  late.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ stalls, p99: late[Math.floor(0.99 * late.length)], max: late.at(-1) }));`;

/**
 * One sleeper pinned to each CPU, merged: the machine is a virtual one, and a CPU its host takes
 * away for a while stalls only the threads on that CPU; one unpinned sleeper saw such stalls only
 * when it happened to be there.
 */
async function sleepers(ms: number): Promise<{ stalls: Stall[]; p99: number; max: number } | undefined> {
  const each = await Promise.all(cpus().map((_, cpu) => sleeper(ms, cpu)));
  if (each.some((s) => s === undefined)) return undefined;
  return {
    stalls: each.flatMap((s) => s!.stalls),
    p99: Math.max(...each.map((s) => s!.p99)),
    max: Math.max(...each.map((s) => s!.max)),
  };
}

function sleeper(ms: number, cpu: number): Promise<{ stalls: Stall[]; p99: number; max: number } | undefined> {
  const child = spawn('chrt', ['--rr', '1', 'taskset', '-c', String(cpu), process.execPath, '-e', SLEEPER, String(ms)], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((done) => {
    child.once('exit', () => done(out ? JSON.parse(out) : undefined));
    child.once('error', () => done(undefined));
  });
}

function alda(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
  return new Promise((done) => child.once('exit', done));
}

interface Play {
  readonly lateness: number[];
  readonly causes: Map<Cause, number[]>;
  readonly floor: { p99: number; max: number } | undefined;
  readonly worst: string[];
}

/**
 * One play on a fresh server: a one-note play starts it and leases its first performer, and the
 * measured one goes to the spare started after it (what a user's plays after the first get).
 */
async function play(bin: string, compiling: boolean): Promise<Play> {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-stalls-'));
  const traces = join(dir, 'traces');
  const env = { ALDA_LIVE_STATE_DIR: dir, ...(untraced ? {} : { ALDA_LIVE_LOOP_TRACE: traces }) };
  try {
    await alda(bin, ['play', '-c', 'piano: c32', '--wait'], env);
    await settled(dir);
    const score = join(dir, 'notes.alda');
    const letters = 'cdefgab';
    writeFileSync(score, `piano: o4 ${Array.from({ length: NOTES }, (_, i) => `${letters[i % 7]}${SPACING}ms`).join(' ')}`);
    const record = join(dir, 'notes.jsonl');
    const floor = sleepers(NOTES * SPACING + 1500);
    const load = compiling ? compile(dir) : undefined;
    const code = await alda(bin, ['play', '-f', score, '--record', record, '--wait'], env);
    if (code !== 0) throw new Error(`alda-live play exited with ${code}`);
    await load;
    const machine = await floor;
    const lines = readLines(record).filter((l) => !((l.data[0]! & 0xf0) === 0xb0 && l.data[1]! >= 120));
    // The one-note play's performer dumped a trace too: the measured play's is the one with its sends.
    // A build without the trace (another's, with --against) leaves none: its figures alone.
    const steps = (existsSync(traces) ? readdirSync(traces) : [])
      .map((name) => readSteps(join(traces, name)))
      .find((s) => s.filter((x) => x.step === 'send').length >= lines.length);
    return explain(lines, steps, machine);
  } finally {
    await shutdownServer(dir);
    if (keep !== undefined) cpSync(dir, join(keep, `play-${++kept}`), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Evaluates the 1 MB benchmark score on the server in DIR, in a session of its own that does not play. */
async function compile(dir: string): Promise<void> {
  const client = await connect({ stateDir: dir, start: false });
  try {
    const big = readFileSync(join(root, 'test', 'fixtures', 'bench', 'perf-1m.alda'), 'utf8');
    await client.request('eval', { session: 'load', code: big, play: false }, { timeout: 120_000, attempts: 1 });
  } finally {
    client.close();
  }
}

function readSteps(file: string): Step[] {
  const [head, ...rest] = readFileSync(file, 'utf8').trim().split('\n');
  const { hostOffset } = JSON.parse(head!) as { hostOffset: number };
  return rest.map((line) => {
    const s = JSON.parse(line) as Step;
    return { ...s, began: s.began + hostOffset, ended: s.ended + hostOffset };
  });
}

/** Each late message's cause, from the steps around it; the sends are the recording's lines, one for one. */
function explain(lines: Line[], steps: Step[] | undefined, machine: { stalls: Stall[]; p99: number; max: number } | undefined): Play {
  const lateness = lines.map((l) => l.at - l.due);
  const causes = new Map<Cause, number[]>(CAUSES.map((c) => [c, []]));
  const worst: string[] = [];
  if (steps === undefined) return { lateness, causes, floor: machine, worst };
  const sends = steps.filter((s) => s.step === 'send').slice(-lines.length);
  const order = [...lateness.keys()].sort((a, b) => lateness[b]! - lateness[a]!);
  for (const i of order) {
    const late = lateness[i]!;
    if (late <= LATE_MS) break;
    const send = sends[i]!;
    const due = send.began - late;
    const overlap = (from: number, to: number) => Math.max(0, Math.min(to, send.began) - Math.max(from, due));
    const around = steps.filter((s) => s.ended > due - 0.5 && s.began < send.began);
    const stalled = machine?.stalls.reduce((sum, s) => sum + overlap(s.host, s.host + s.late), 0) ?? 0;
    const gc = around.filter((s) => s.step === 'gc').reduce((sum, s) => sum + overlap(s.began, s.ended), 0);
    const pauses = around.filter((s) => s.step === 'pause');
    const pause = pauses.reduce((sum, s) => sum + overlap(s.began + s.a, s.ended), 0);
    const waited = pauses.reduce((sum, s) => sum + s.waited, 0);
    const ran = pauses.reduce((sum, s) => sum + s.ran, 0);
    const timer = around.filter((s) => s.step === 'timer').reduce((sum, s) => sum + overlap(s.a, s.began), 0);
    const sent = around.filter((s) => s.step === 'send' || s.step === 'burst').reduce((sum, s) => sum + overlap(s.began, s.ended), 0);
    const shares: [Cause, number][] = [['machine', stalled], ['gc', gc], ['pause', pause], ['timer', timer], ['send', sent]];
    const cause = shares.find(([, ms]) => ms >= late / 2)?.[0] ?? 'work';
    causes.get(cause)!.push(late);
    if (worst.length < 5) {
      const parts = shares.filter(([, ms]) => ms > 0.05).map(([c, ms]) => `${c} ${ms.toFixed(2)}`);
      const cpu = pause > 0 ? `; in its pause the thread ran ${ran.toFixed(2)} ms, waited for a CPU ${waited.toFixed(2)} ms` : '';
      worst.push(`message ${i} late ${late.toFixed(2)} ms: ${cause} (${parts.join(', ') || 'nothing marked'})${cpu}`);
    }
  }
  return { lateness, causes, floor: machine, worst };
}

function print(name: string, p: Play): void {
  const q = (values: number[], at: number) => quantile(values, at).toFixed(2);
  const floor = p.floor ? `; floor (real-time sleepers, one on each CPU) p99 ${p.floor.p99.toFixed(2)} max ${p.floor.max.toFixed(2)}` : '';
  console.log(`${name}: n=${p.lateness.length} p50 ${q(p.lateness, 0.5)} p99 ${q(p.lateness, 0.99)} max ${Math.max(...p.lateness).toFixed(2)} ms${floor}`);
  const counted = CAUSES.filter((c) => p.causes.get(c)!.length > 0).map((c) => {
    const late = p.causes.get(c)!;
    return `${c} ${late.length} (max ${Math.max(...late).toFixed(1)})`;
  });
  if (counted.length > 0) console.log(`  late > ${LATE_MS} ms: ${counted.join(', ')}`);
  for (const line of p.worst) console.log(`  ${line}`);
}

const machine = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`;
const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs') ?? 3);
const against = arg('--against');
const compiling = process.argv.includes('--compiling');
/** `--untraced`: figures alone, without the trace's own cost (reading /proc around each pause), to compare builds. */
const untraced = process.argv.includes('--untraced');
/** `--keep DIR`: each play's state dir (recording, traces) is copied there, as play-N. */
const keep = arg('--keep');
let kept = 0;
const builds = [{ name: 'this build', bin: join(root, 'bin', 'alda-live.js') }, ...(against ? [{ name: against, bin: join(resolve(against), 'bin', 'alda-live.js') }] : [])];
console.log(`${machine()}; ${NOTES} notes every ${SPACING} ms${compiling ? ', the server evaluating the 1 MB score meanwhile' : ''}`);
const all = new Map<string, number[]>(builds.map((b) => [b.name, []]));
for (let i = 0; i < runs; i++) {
  for (const build of i % 2 === 0 ? builds : [...builds].reverse()) {
    const result = await play(build.bin, compiling);
    print(`${build.name}, play ${i + 1}`, result);
    all.get(build.name)!.push(Math.max(...result.lateness));
  }
}
for (const [name, maxes] of all) console.log(`${name}: max lateness over ${runs} plays ${maxes.map((m) => m.toFixed(2)).join(', ')}; median ${quantile(maxes, 0.5).toFixed(2)} ms`);
console.log(machine());
