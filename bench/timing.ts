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
 * Prints figures; asserts nothing. Run: npm run bench:timing (`-- --start`: steps 3 and 4 only,
 * `-- --pipeline`: steps 1 and 2 only, `-- --against DIR [--runs N]`: cold starts of this build
 * and another's, alternated; `-- --against DIR --server [--runs N]`: the server's start alone,
 * this build's and DIR's, alternated)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type Client } from '../src/client/client.js';
import { cpuMs, cpuTimes, reapedChildrenCpuMs } from './process-cpu.js';
import { quantiles } from './quantiles.js';
import { readLines } from './recording.js';
import { median, nodeStart, serverEntry, settled, shutdownServer, until, type Ps } from './server-processes.js';

const root = resolve(import.meta.dirname, '..');
const NOTES = 2000;
const SPACING = 8;


/** Figures of a set of ms, and how many of them are below 0 (a note sent before it was due). */
const figures = (values: number[]) => `${quantiles(values, 3)}  (early: ${values.filter((v) => v < 0).length})`;

/** 2000 notes of 8 ms: `c8ms d8ms …` in one part. */
function runOfNotes(): string {
  const letters = 'cdefgab';
  return `piano: o4 ${Array.from({ length: NOTES }, (_, i) => `${letters[i % 7]}${SPACING}ms`).join(' ')}`;
}

async function lateness(client: Client, dir: string, label: string, load?: () => Promise<unknown>): Promise<void> {
  const record = join(dir, `${label}.jsonl`);
  const session = `lateness-${label}`;
  await client.request('eval', { session, code: runOfNotes(), sink: { record } }, { timeout: 30_000 });
  const performer = await performerOf(client, session);
  const before = performer === undefined ? undefined : processTimes(performer);
  const seconds = (NOTES * SPACING) / 1000;
  const scheduling = performer === undefined ? undefined : schedulingOf(performer);
  const floors = [machineFloor(seconds, scheduling, true), machineFloor(seconds, undefined, false)];
  const loadDone = load?.();
  const expected = NOTES * 2 + 3;
  await until(`${expected} messages in ${label}`, () => readLines(record).length >= expected);
  const after = performer === undefined ? undefined : processTimes(performer);
  const loadTime = await loadDone;
  // Every MIDI message counts, the part's program, volume and pan with the notes; only the
  // channel mode messages of a stop (sent when carried out, due then) are left out.
  const lines = readLines(record).filter((l) => !((l.data[0]! & 0xf0) === 0xb0 && l.data[1]! >= 120));
  console.log(`lateness ${label.padEnd(22)} ${figures(lines.map((l) => l.at - l.due))}${loadTime ? `  (${loadTime})` : ''}`);
  const notes = (kind: number) => lines.filter((l) => (l.data[0]! & 0xf0) === kind).map((l) => l.at - l.due);
  const setUp = lines.filter((l) => (l.data[0]! & 0xf0) !== 0x80 && (l.data[0]! & 0xf0) !== 0x90).map((l) => (l.at - l.due).toFixed(2));
  console.log(`  note-ons ${figures(notes(0x90))}; note-offs ${figures(notes(0x80))}; set-up ${setUp.join(', ')} ms`);
  const [own, ordinary] = await Promise.all(floors);
  console.log(`  the machine meanwhile, a thread that only sleeps 4 ms at a time: at the performer's priority (${describe(scheduling)}, a session of its own) woke ${own}`);
  console.log(`    at nice −14 in the bench's session (the floor of earlier sessions) woke ${ordinary}`);
  if (before && after) {
    console.log(
      `  performer (pid ${performer}) while it played: ${(after.user - before.user).toFixed(0)} ms user + ${(after.system - before.system).toFixed(0)} ms sys CPU, ` +
        `${after.voluntary - before.voluntary} voluntary + ${after.involuntary - before.involuntary} involuntary context switches`,
    );
  }
}

/** A thread's scheduling: its policy (0 ordinary, 1 FIFO, 2 round-robin real-time), real-time priority and nice value. */
interface Scheduling {
  readonly policy: number;
  readonly rtPriority: number;
  readonly nice: number;
}

/** The scheduling of a process's main thread, from /proc (Linux). */
function schedulingOf(pid: number): Scheduling | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // Fields 19, 40 and 41 of proc(5), counted from 3 once the pid and command are cut.
    return { nice: Number(fields[16]), rtPriority: Number(fields[37]), policy: Number(fields[38]) };
  } catch {
    return undefined;
  }
}

function describe(scheduling: Scheduling | undefined): string {
  if (scheduling === undefined) return 'unknown';
  const realTime = scheduling.policy === 1 || scheduling.policy === 2;
  return realTime ? `real-time ${scheduling.policy === 1 ? 'FIFO' : 'RR'} ${scheduling.rtPriority}` : `nice ${scheduling.nice}`;
}

/**
 * How late the machine wakes a thread that does nothing else, over `seconds`: the floor under any
 * performer's lateness. On the shared 2-core machine others' load moves it from ≈0.1 ms to tens
 * of ms; lateness figures mean little above it. With `like`, the thread runs as the performer's
 * main thread does (its real-time policy, else its nice value), and with `ownSession` in a
 * session (and so, under sched_autogroup, a CPU group) of its own, as the server's performers do;
 * else at nice −14 in this process's session.
 */
async function machineFloor(seconds: number, like: Scheduling | undefined, ownSession: boolean): Promise<string> {
  const realTime = like !== undefined && (like.policy === 1 || like.policy === 2);
  const script = `
    const cell = new Int32Array(new SharedArrayBuffer(4));
    try { require('node:os').setPriority(${like?.nice ?? -14}); } catch {}
    const late = [];
    for (const end = performance.now() + ${seconds * 1000}; performance.now() < end; ) {
      const t = performance.now();
      Atomics.wait(cell, 0, 0, 4);
      late.push(performance.now() - t - 4);
    }
    late.sort((a, b) => a - b);
    const q = (p) => late[Math.min(late.length - 1, Math.floor(p * late.length))].toFixed(3);
    process.stdout.write('late p50 ' + q(0.5) + '  p99 ' + q(0.99) + '  max ' + late.at(-1).toFixed(3) + ' ms');`;
  const node = [process.execPath, '-e', script];
  const [command, ...args] = realTime ? ['chrt', like.policy === 1 ? '--fifo' : '--rr', String(like.rtPriority), ...node] : node;
  const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'ignore'], detached: ownSession });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => {
    child.once('exit', resolve);
    // No chrt on this machine.
    child.once('error', resolve);
  });
  return out || 'not measured';
}

/** The pid of the performer playing `session`, from the server's `ps`. */
async function performerOf(client: Client, session: string): Promise<number | undefined> {
  const ps = (await client.request('ps')) as { performers: { pid: number | null; session: string | null }[] };
  return ps.performers.find((p) => p.session === session)?.pid ?? undefined;
}

/** CPU time (ms, all its threads) and context switches of a process, from /proc (Linux). */
function processTimes(pid: number): { user: number; system: number; voluntary: number; involuntary: number } | undefined {
  const times = cpuTimes(pid);
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    // The process's own counts are its main thread's; the scheduler runs there.
    const count = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return times && { ...times, voluntary: count('voluntary_ctxt_switches'), involuntary: count('nonvoluntary_ctxt_switches') };
  } catch {
    return undefined;
  }
}

async function evalToNote(client: Client, dir: string): Promise<void> {
  const record = join(dir, 'eval.jsonl');
  await client.request('eval', { session: 'eval', code: 'piano: c16', sink: { record } });
  const latencies: number[] = [];
  for (let i = 0; i < 30; i++) {
    await until('the last note to end', () => readLines(record).filter((l) => l.data[0] === 0x80).length >= i + 1);
    const count = readLines(record).length;
    const sent = performance.now();
    const reply = (await client.request('eval', { session: 'eval', code: 'c16' })) as { firstDue: number; position: number };
    const replied = performance.now();
    const lines = await until('the note-on', () => {
      const lines = readLines(record).slice(count);
      return lines.some((l) => l.data[0] === 0x90) && lines;
    });
    const on = lines.find((l) => l.data[0] === 0x90)!;
    // Send→reply, plus how far ahead of the performer's "now" the note was placed, plus its lateness.
    latencies.push(replied - sent + (reply.firstDue - reply.position) + (on.at - on.due));
  }
  console.log(`eval → first note-on       ${figures(latencies)}  (an upper bound: includes the reply's way back)`);
}

/**
 * Runs `alda-live play -c` and resolves with ms from spawn to the first line landing in the
 * recording. The exit is awaited from the moment of the spawn: a play that ends before the
 * recording is seen must not leave a promise that never settles. `bin`: another build's.
 */
async function playToFirstNote(stateDir: string, record: string, env: NodeJS.ProcessEnv = {}, bin = join(root, 'bin', 'alda-live.js')): Promise<number> {
  return (await coldPlay(stateDir, record, env, bin)).ms;
}

/** `playToFirstNote`, with the CPU (user + sys, ms) that every process of the start (the CLI, the server, its performers) had used when the first line landed. */
async function coldPlay(stateDir: string, record: string, env: NodeJS.ProcessEnv, bin: string): Promise<{ ms: number; cpuMs: number }> {
  const started = performance.now();
  let watcher: ReturnType<typeof watch> | undefined;
  const firstLine = new Promise<{ ms: number; cpu: Map<number, number> }>((resolve) => {
    watcher = watch(stateDir, { recursive: false }, () => {
      if (existsSync(record) && statSync(record).size > 0) resolve({ ms: performance.now() - started, cpu: cpuOfStart(stateDir) });
    });
  });
  const reaped = reapedChildrenCpuMs();
  const child = spawn(process.execPath, [bin, 'play', '-c', 'piano: c8', '--record', record], {
    env: { ...process.env, ...env, ALDA_LIVE_STATE_DIR: stateDir },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const code = await exited;
    if (code !== 0) throw new Error(`alda-live play exited with ${code}`);
    const seen = await Promise.race([
      firstLine,
      until('the recording of `play -c`', () => existsSync(record) && statSync(record).size > 0 && { ms: performance.now() - started, cpu: cpuOfStart(stateDir) }, 10_000),
    ]);
    // The CLI, if it had exited by then: its CPU as a child this process has reaped.
    const cli = seen.cpu.has(child.pid!) ? 0 : reapedChildrenCpuMs() - reaped;
    return { ms: seen.ms, cpuMs: cli + [...seen.cpu.values()].reduce((a, b) => a + b, 0) };
  } finally {
    watcher?.close();
  }
}

/** CPU (ms) of each process running for a state dir (its environment names it), by pid. */
function cpuOfStart(stateDir: string): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(`ALDA_LIVE_STATE_DIR=${stateDir}`)) continue;
      const times = processTimes(Number(name));
      if (times) cpu.set(Number(name), times.user + times.system);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return cpu;
}

/**
 * `-- --against DIR`: cold `play -c` of this build and of the build in DIR (a copy of another
 * branch's bin/ and dist/, with node_modules), alternated, `--runs` each (7 by default): wall ms
 * to the first note and the CPU of every process of the start by then; then a warm play on the
 * same server, once its spare is ready.
 */
async function coldAgainst(other: string, runs: number): Promise<void> {
  const builds = [
    { name: 'this build', bin: join(root, 'bin', 'alda-live.js'), ms: [] as number[], cpu: [] as number[], warm: [] as number[] },
    { name: other, bin: join(resolve(other), 'bin', 'alda-live.js'), ms: [] as number[], cpu: [] as number[], warm: [] as number[] },
  ];
  for (let i = 0; i < runs; i++) {
    for (const build of i % 2 === 0 ? builds : [...builds].reverse()) {
      const dir = mkdtempSync(join(tmpdir(), 'alda-live-cold-'));
      try {
        const { ms, cpuMs } = await coldPlay(dir, join(dir, 'cold.jsonl'), {}, build.bin);
        build.ms.push(ms);
        build.cpu.push(cpuMs);
        await settled(dir);
        build.warm.push(await playToFirstNote(dir, join(dir, 'warm.jsonl'), {}, build.bin));
      } finally {
        await shutdownServer(dir);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const node = await nodeStart();
  for (const { name, ms, cpu, warm } of builds) {
    console.log(`play -c cold, ${name}: first note ${ms.map((t) => t.toFixed(0)).join(', ')} ms; median ${median(ms).toFixed(0)}, ${(median(ms) - node).toFixed(0)} over \`node -e 0\` (${node.toFixed(0)} ms)`);
    console.log(`  CPU of the start's processes by then ${cpu.map((t) => t.toFixed(0)).join(', ')} ms; median ${median(cpu).toFixed(0)}`);
    console.log(`  then warm (its spare ready): ${warm.map((t) => t.toFixed(0)).join(', ')} ms; median ${median(warm).toFixed(0)}, ${(median(warm) - node).toFixed(0)} over \`node -e 0\``);
  }
  const ratio = (key: 'ms' | 'cpu' | 'warm') => (median(builds[0]![key]) / median(builds[1]![key])).toFixed(2);
  console.log(`ratio, this build / ${other}: cold wall ${ratio('ms')}, CPU ${ratio('cpu')}; warm wall ${ratio('warm')}`);
}

/** How long a held server waits for its go in `serverStartAgainst`: long enough for it to boot and read its code first, even at load. */
const GO_AFTER = 1200;

/**
 * `-- --against DIR --server`: the server process alone, of this build and of DIR's, alternated,
 * `--runs` each: wall ms and its CPU (user + sys, every thread) when its state file is written,
 * started as `alda-live server` starts it, and held as a cold `play` starts it (`--after-go`),
 * told to go GO_AFTER ms after it was spawned (what `play` does once its score is checked).
 * No performer (`--spares 0`): what is timed is the server's own start.
 */
async function serverStartAgainst(other: string, runs: number): Promise<void> {
  const builds = [
    { name: 'this build', entry: serverEntry(join(root, 'dist')), plain: [] as Ready[], held: [] as Ready[] },
    { name: other, entry: serverEntry(join(resolve(other), 'dist')), plain: [] as Ready[], held: [] as Ready[] },
  ];
  for (let i = 0; i < runs; i++) {
    for (const build of i % 2 === 0 ? builds : [...builds].reverse()) {
      build.plain.push(await serverReady(build.entry, false));
      build.held.push(await serverReady(build.entry, true));
    }
  }
  const list = (values: number[]) => `${values.map((t) => t.toFixed(0)).join(', ')}; median ${median(values).toFixed(0)}`;
  for (const { name, plain, held } of builds) {
    console.log(`server start, ${name}: spawn → ready ${list(plain.map((r) => r.ms))} ms; CPU then ${list(plain.map((r) => r.cpuMs))} ms`);
    console.log(`  held, told to go ${GO_AFTER} ms in: go → ready ${list(held.map((r) => r.ms))} ms; CPU then ${list(held.map((r) => r.cpuMs))} ms`);
  }
  const ratio = (key: 'plain' | 'held', of: keyof Ready) => (median(builds[0]![key].map((r) => r[of])) / median(builds[1]![key].map((r) => r[of]))).toFixed(2);
  console.log(`ratio, this build / ${other}: spawn → ready ${ratio('plain', 'ms')}, CPU ${ratio('plain', 'cpuMs')}; held, go → ready ${ratio('held', 'ms')}, CPU ${ratio('held', 'cpuMs')}`);
}

interface Ready {
  /** From the spawn, or from the go when held. */
  readonly ms: number;
  readonly cpuMs: number;
}

/** Starts the server at `entry` on a state dir of its own, resolves when its state file is written, and stops it. */
async function serverReady(entry: string, held: boolean): Promise<Ready> {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-server-start-'));
  const server = spawn(process.execPath, [entry, '--port', '0', '--spares', '0', ...(held ? ['--after-go'] : [])], {
    env: { ...process.env, ALDA_LIVE_STATE_DIR: dir },
    stdio: [held ? 'pipe' : 'ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  let watcher: ReturnType<typeof watch> | undefined;
  try {
    let started = performance.now();
    const ready = new Promise<Ready>((resolve) => {
      const seen = () => existsSync(join(dir, 'server.json')) && resolve({ ms: performance.now() - started, cpuMs: cpuMs(server.pid!) ?? NaN });
      watcher = watch(dir, seen);
      seen();
    });
    if (held) {
      await new Promise((resolve) => setTimeout(resolve, GO_AFTER));
      started = performance.now();
      server.stdin!.end('y');
    }
    return await Promise.race([ready, exited.then(() => Promise.reject(new Error(`the server at ${entry} exited before it was ready`)))]);
  } finally {
    watcher?.close();
    server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
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
  await coldLinks();
}

/**
 * The links of a cold start; `from` names the event each waits for. The CLI starts the server's
 * first performer and then the server beside it: the two boot at once, and the performer connects once the
 * server listens and has told it where (src/server/adopted-performer.ts).
 */
const LINKS = [
  { name: 'CLI booted', from: 'spawn', at: (e: TraceEvent) => e.script === 'alda-live.js' && e.event === 'booted' },
  { name: 'performer spawned beside it', from: 'CLI booted', at: (e: TraceEvent) => e.event === 'spawned performer/start.cjs' },
  { name: 'server spawned, held', from: 'performer spawned beside it', at: (e: TraceEvent) => e.event === 'spawned server/entry.cjs' },
  { name: 'performer booted', from: 'performer spawned beside it', at: (e: TraceEvent) => e.script === 'performer/start.cjs' && e.event === 'booted' },
  { name: 'server booted', from: 'server spawned, held', at: (e: TraceEvent) => e.script === 'server/entry.cjs' && e.event === 'booted' },
  // The server goes on once the CLI has checked the score too (`--after-go`).
  { name: 'server listening', from: 'server booted', at: (e: TraceEvent) => e.event === 'listening' },
  // The rest of the server's code read and started: the CLI connects once it sees the state file.
  { name: 'server ready (state written)', from: 'server listening', at: (e: TraceEvent) => e.script === 'server/entry.cjs' && e.event === 'state written' },
  { name: 'performer connected', from: 'server listening', at: (e: TraceEvent) => e.script === 'performer/start.cjs' && e.event === 'connected' },
  { name: 'session opened on it', from: 'performer connected', at: (e: TraceEvent) => e.script === 'server/entry.cjs' && e.event === 'sent open' },
  { name: 'first schedule', from: 'session opened on it', at: (e: TraceEvent) => e.script === 'server/entry.cjs' && e.event === 'sent schedule' },
] as const;

interface TraceEvent {
  readonly ms: number;
  readonly script: string;
  readonly event: string;
}

/**
 * Where a cold start's time goes: five more cold runs, each process traced by bench/start-trace.mjs
 * (a few ms more each, so not the figures above), the median of each link. The CLI connects
 * while the server starts; it is printed beside the chain, not in it.
 */
async function coldLinks(): Promise<void> {
  const runs: Map<string, number>[] = [];
  for (let i = 0; i < 5; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'alda-live-cold-'));
    const trace = join(dir, 'trace');
    const record = join(dir, 'cold.jsonl');
    try {
      const spawned = Number(process.hrtime.bigint()) / 1e6;
      await playToFirstNote(dir, record, {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${join(root, 'bench', 'start-trace.mjs')}`,
        ALDA_LIVE_BENCH_TRACE: trace,
      });
      await until('the note-on', () => readLines(record).some((l) => l.data[0] === 0x90), 10_000);
      const events = readFileSync(trace, 'utf8').trim().split('\n').map((line): TraceEvent => {
        const [ms, , script, ...event] = line.split(' ');
        return { ms: Number(ms), script: script!, event: event.join(' ') };
      });
      const at = new Map<string, number>([['spawn', spawned]]);
      for (const link of LINKS) {
        const event = events.find(link.at);
        if (event) at.set(link.name, event.ms);
      }
      const on = readLines(record).find((l) => l.data[0] === 0x90)!;
      at.set('first note-on', on.host);
      const cli = events.find((e) => e.script === 'alda-live.js' && e.event === 'connected');
      if (cli) at.set('CLI connected', cli.ms);
      runs.push(at);
    } finally {
      await shutdownServer(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const links = [...LINKS, { name: 'first note-on', from: 'first schedule' }, { name: 'CLI connected', from: 'spawn' }];
  console.log('cold start, link by link (median of 5 traced runs, ms; each process traced costs a few ms):');
  for (const { name, from } of links) {
    const spans = runs.flatMap((at) => (at.has(name) && at.has(from) ? [at.get(name)! - at.get(from)!] : []));
    const sinceSpawn = runs.flatMap((at) => (at.has(name) ? [at.get(name)! - at.get('spawn')!] : []));
    if (spans.length === 0) console.log(`  ${name.padEnd(30)} not seen`);
    else console.log(`  ${name.padEnd(30)} +${median(spans).toFixed(0).padStart(3)} after ${from}, at ${median(sinceSpawn).toFixed(0)}`);
  }
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

const against = process.argv.indexOf('--against');
const runsAt = process.argv.indexOf('--runs');
console.log(await machine());
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 7;
if (against > 0 && process.argv.includes('--server')) await serverStartAgainst(process.argv[against + 1]!, runs);
else if (against > 0) await coldAgainst(process.argv[against + 1]!, runs);
else {
  if (!process.argv.includes('--start')) await pipeline();
  if (!process.argv.includes('--pipeline')) await coldStart();
}
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
