/**
 * The server under load, through real processes on loopback: CLIENTS clients, spread over
 * SESSIONS sessions, each evaluating a short note RATE times a second (with playback) for
 * SECONDS, while one more session plays 2000 notes into a recording. The same load runs first for
 * WARM-UP seconds (default 3) on the fresh server, the playing session still silent: the figures
 * that count are those of a server that has been serving, not of its first seconds, while V8
 * compiles its hot code (a full core for two seconds of this load, answers then 100–300 ms late);
 * the warm-up's are printed too, and `--warm-up 0` measures a cold server. The clients run in a
 * process of their own (bench/load-clients.ts, lean WebSocket code) at a lower priority (--nice,
 * default 10): on a machine of few cores their CPU would otherwise be taken from the server's,
 * while the load they offer (every eval waits for its answer) stays the same. Prints the evals' ack
 * latency (p50/p99, and the p99 of those sent in each second), the errors by code, the lateness
 * (at − due) of every MIDI message of the playing session (its program, volume and pan too), the
 * CPU time the server, the performers and the clients took meanwhile (from /proc: on a shared
 * machine, the figure that load disturbs least), and how long the server's event loop and the
 * clients' thread waited, runnable, for a CPU (an ack's time on a busy machine is mostly that).
 * Targets on a quiet machine: ack p99 ≤ 20 ms, no errors, lateness p99 ≤ 1 ms.
 *
 * Bounded: at most CLIENTS × RATE × SECONDS evals, 120 s in all; it starts its own server in a
 * fresh state dir on a free port, from dist/ as users run it (`npm run build` first: a performer
 * started under tsx compiles our sources first, a second of CPU that would land in the figures),
 * and shuts it down (its performers with it) however it ends.
 * With --big, one more client evaluates the 1 MB benchmark score (without playing it) in a
 * session of its own as the load begins: the other sessions' acks show whether it held them up.
 * With --profile DIR, the server writes a V8 CPU profile (--cpu-prof) there as it shuts down. Its
 * performers are profiled too: a server passes its node flags on to the processes it starts, so
 * their figures (CPU, wake-ups: the profiler's thread wakes them) are then not a plain run's.
 * With --dist DIR, the server is another build's (e.g. main's `dist/`), for figures back to back.
 * With --node-flags="--flag …", the server runs with those node/V8 flags (its performers too, as above).
 * Prints figures; asserts nothing. Run: npm run bench:load [-- --clients 200 --sessions 8 --rate 10 --seconds 10 --warm-up 3 --nice 10 --big --profile DIR --dist DIR --node-flags="…"]
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect, type Client } from '../src/client/client.js';
import { readServerState } from '../src/protocol/state-file.js';
import type { LoadOutcome, LoadPlan } from './load-clients.js';
import { cpuMs, cpuTimes, schedMs, switches } from './process-cpu.js';
import { quantiles } from './quantiles.js';
import { readLines } from './recording.js';
import { serverEntry } from './server-processes.js';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '200' }, sessions: { type: 'string', default: '8' }, rate: { type: 'string', default: '10' }, seconds: { type: 'string', default: '10' }, 'warm-up': { type: 'string', default: '3' }, nice: { type: 'string', default: '10' }, big: { type: 'boolean', default: false }, profile: { type: 'string' }, dist: { type: 'string' }, 'node-flags': { type: 'string', default: '' } },
});
const CLIENTS = Math.min(Number(values.clients), 240);
const SESSIONS = Math.min(Number(values.sessions), 24);
const RATE = Math.min(Number(values.rate), 50);
const SECONDS = Math.min(Number(values.seconds), 60);
const WARM_UP = Math.min(Math.max(Number(values['warm-up']), 0), 30);
const NICE = Math.min(Math.max(Number(values.nice), 0), 19);
const NOTES = 2000;
const nodeFlags = values['node-flags'].split(' ').filter(Boolean);

const entry = serverEntry(values.dist === undefined ? fileURLToPath(new URL('../dist/', import.meta.url)) : resolve(values.dist));
if (!existsSync(entry)) {
  console.log(`bench:load: no ${entry}: run \`npm run build\` first (it measures the server in dist/)`);
  process.exit(1);
}
/** Sends the clients' process a message, and resolves with the field `key` of its answer. */
function ask<T>(child: ChildProcess, message: object, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const heard = (answer: Record<string, unknown>) => {
      if (key in answer) resolve(answer[key] as T);
      else if ('failed' in answer) reject(new Error(`the clients failed: ${String(answer.failed)}`));
      else return;
      child.off('message', heard);
      child.off('exit', exited);
    };
    const exited = () => reject(new Error('the clients exited'));
    child.on('message', heard);
    child.once('exit', exited);
    child.send(message);
  });
}

/** The p99 of the acks of the evals sent in each second of a run, in ms. */
function eachSecond({ acks, sentAt }: LoadOutcome): string {
  const seconds: number[][] = [];
  acks.forEach((ack, i) => (seconds[Math.floor(sentAt[i]! / 1000)] ??= []).push(ack));
  return seconds.map((second) => second.sort((a, b) => a - b)[Math.floor(0.99 * (second.length - 1))]!.toFixed(1)).join(' ');
}

function errorsOf(errors: LoadOutcome['errors']): string {
  return Object.keys(errors).length === 0 ? 'no errors' : Object.entries(errors).map(([code, n]) => `${code} ×${n}`).join(', ');
}

const dir = mkdtempSync(join(tmpdir(), 'alda-live-load-'));
let first: Client | undefined;
let load: ChildProcess | undefined;
// However the run ends (a failure, the 120 s cap), the server and its performers go.
const cap = setTimeout(() => void finish('the 120 s cap was reached'), 120_000);

async function finish(why?: string): Promise<void> {
  clearTimeout(cap);
  first?.close();
  load?.kill();
  const state = readServerState(dir);
  const admin = await connect({ stateDir: dir, start: false }).catch(() => undefined);
  await admin?.request('shutdown', {}, { attempts: 1 }).catch(() => undefined);
  admin?.close();
  for (let i = 0; i < 100 && existsSync(join(dir, 'server.json')); i++) await new Promise((r) => setTimeout(r, 100));
  if (state && existsSync(join(dir, 'server.json'))) process.kill(state.pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  if (why) {
    console.log(`stopped: ${why}`);
    process.exit(1);
  }
}

try {
  console.log(
    `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores; ${CLIENTS} clients over ${SESSIONS} sessions, ${RATE} evals/s each, ${SECONDS} s; server ${entry}${nodeFlags.length ? ` with ${nodeFlags.join(' ')}` : ''}`,
  );
  const server = spawn(process.execPath, [...nodeFlags, ...(values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : []), entry, '--port', '0'], { detached: true, stdio: 'ignore', env: { ...process.env, ALDA_LIVE_STATE_DIR: dir } });
  server.unref();
  for (const deadline = Date.now() + 60_000; readServerState(dir)?.pid !== server.pid; await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > deadline) throw new Error('the server did not start within 60 s');
  }
  first = await connect({ stateDir: dir, start: false, timeout: 30_000 });
  for (let s = 0; s < SESSIONS; s++) await first.request('eval', { session: `load-${s}`, code: 'piano: c64' }, { timeout: 30_000 });
  const { url, token } = readServerState(dir)!;
  load = fork(fileURLToPath(new URL('./load-clients.ts', import.meta.url)), { stdio: 'inherit' });
  setPriority(load.pid!, NICE);
  const plan: LoadPlan = { url, token, clients: CLIENTS, sessions: SESSIONS, rate: RATE };
  await ask(load, { plan }, 'ready');
  // Sent before the warm-up, its notes after a rest as long: its evaluation (a score thread
  // started), its performer taken and another spawned in its place land in the warm-up, not in
  // the first second measured.
  const record = join(dir, 'playing.jsonl');
  const letters = 'cdefgab';
  const notes = `piano: o4 ${WARM_UP > 0 ? `r${WARM_UP * 1000}ms ` : ''}${Array.from({ length: NOTES }, (_, i) => `${letters[i % 7]}${(SECONDS * 1000) / NOTES}ms`).join(' ')}`;
  await first.request('eval', { session: 'playing', code: notes, sink: { record } }, { timeout: 30_000 });
  if (WARM_UP > 0) {
    const warm = await ask<LoadOutcome>(load, { go: WARM_UP }, 'outcome');
    console.log(`warm-up ${WARM_UP} s      ${quantiles(warm.acks)}, ${errorsOf(warm.errors)}`);
    console.log(`  p99 each second ${eachSecond(warm)}`);
  }


  const { performers } = await first.request('ps', {});
  const serverBefore = cpuTimes(server.pid!)!;
  // The main thread's id is the process's: the event loop, which only routes messages when evaluation is off it.
  const mainThread = () => {
    const times = cpuTimes(server.pid!, server.pid!);
    return times ? times.user + times.system : NaN;
  };
  const mainBefore = mainThread();
  const cpuBefore = new Map([server.pid!, ...performers.map((p) => p.pid ?? 0)].map((pid) => [pid, cpuMs(pid) ?? 0]));
  const performerPids = performers.map((p) => p.pid).filter((pid): pid is number => pid !== null);
  const wakeUps = () => [server.pid!, ...performerPids].map((pid) => switches(pid));
  const wakeUpsBefore = wakeUps();
  const big = values.big
    ? (async () => {
        const code = readFileSync(fileURLToPath(new URL('../test/fixtures/bench/perf-1m.alda', import.meta.url)), 'utf8');
        const sent = performance.now();
        await first.request('eval', { session: 'big', code, play: false }, { attempts: 1, timeout: 120_000 });
        return performance.now() - sent;
      })()
    : undefined;
  const clientsBefore = cpuMs(load.pid!) ?? 0;
  const loopBefore = schedMs(server.pid!);
  const clientsSchedBefore = schedMs(load.pid!);
  const loadBegan = performance.now();
  const outcome = await ask<LoadOutcome>(load, { go: SECONDS }, 'outcome');
  const { acks, errors, ownDelay } = outcome;
  const clientsCpu = (cpuMs(load.pid!) ?? NaN) - clientsBefore;
  const loopAfter = schedMs(server.pid!);
  const clientsSchedAfter = schedMs(load.pid!);
  const loadLasted = performance.now() - loadBegan;
  const wakeUpsAfter = wakeUps();
  const bigMs = await big;
  const spent = (pid: number) => (cpuMs(pid) ?? NaN) - cpuBefore.get(pid)!;
  const serverCpu = spent(server.pid!);
  const serverSystem = (cpuTimes(server.pid!)?.system ?? NaN) - serverBefore.system;
  const serverMain = mainThread() - mainBefore;
  const performersCpu = [...cpuBefore.keys()].filter((pid) => pid !== server.pid && pid !== 0).reduce((sum, pid) => sum + spent(pid), 0);
  for (let i = 0; i < 200; i++) {
    if ((await first.request('wait', { session: 'playing' }, { timeout: 10_000 })).done) break;
  }
  const lines = readLines(record);
  console.log(`eval ack         ${quantiles(acks)}${WARM_UP > 0 ? `, after ${WARM_UP} s of the same load` : ', a cold server'}`);
  console.log(`  p99 each second ${eachSecond(outcome)}`);
  if (bigMs !== undefined) console.log(`1 MB score       evaluated in ${(bigMs / 1000).toFixed(1)} s meanwhile (another session)`);
  console.log(`errors           ${errorsOf(errors)}`);
  console.log(`lateness (playing session meanwhile)  ${quantiles(lines.map((line) => line.at - line.due))}`);
  console.log(
    `CPU meanwhile    server ${serverCpu.toFixed(0)} ms (${(serverCpu / Math.max(1, acks.length)).toFixed(2)} ms an eval; system ${serverSystem.toFixed(0)} ms, event loop ${serverMain.toFixed(0)} ms), performers ${performersCpu.toFixed(0)} ms, clients ${clientsCpu.toFixed(0)} ms (nice ${NICE}), in the ${(loadLasted / 1000).toFixed(1)} s the ${SECONDS} s of evals took`,
  );
  const sched = (before: { ran: number; waited: number }, after: { ran: number; waited: number }) => `waited ${(after.waited - before.waited).toFixed(0)} ms for a CPU (ran ${(after.ran - before.ran).toFixed(0)})`;
  const counted = (kind: 'voluntary' | 'involuntary', from: number, to?: number) => wakeUpsAfter.slice(from, to).reduce((sum, after, i) => sum + after[kind] - wakeUpsBefore[from + i]![kind], 0);
  console.log(
    `context switches server ${counted('voluntary', 0, 1)} voluntary (its wake-ups), ${counted('involuntary', 0, 1)} involuntary; performers ${counted('voluntary', 1)} voluntary, ${counted('involuntary', 1)} involuntary (every thread)`,
  );
  console.log(`off CPU          server event loop ${sched(loopBefore, loopAfter)}; clients' thread ${sched(clientsSchedBefore, clientsSchedAfter)}, its event loop late p99 ${ownDelay.p99.toFixed(1)} ms, max ${ownDelay.max.toFixed(1)} ms`);
  await finish();
} catch (error) {
  await finish((error as Error).message);
}
