/**
 * Memory of the server and its spare performer, the dist build started as a client starts it
 * (`dist/server/entry.cjs`, its own state dir), measured from /proc at three moments:
 *
 *   1. idle after start, the spare performer ready;
 *   2. idle 40 s after start: V8 has collected what starting left behind (its memory reducer runs
 *      on an idle process 15-35 s in), which is what an idle pair holds from then on;
 *   3. idle after a first `alda-live play -c` (warm: the spare played), settled again;
 *   4. after a first evaluation too dear for the event loop (a score thread started for it),
 *      with the time that evaluation and the next one took;
 *
 * beside the floor, an idle `node -e`, and a process holding a warm synth (what a spare performer
 * holds beside what is measured here on a machine with an audio device; this one may have none). Per process: RSS, its anonymous part (the process's own:
 * heaps, code, stacks) and the rest (file pages: node's binary and libraries, shared with every
 * node process), PSS (shared pages divided among the processes that map them, so it moves with
 * whatever other node processes run on the machine), threads, and CPU (user+sys) so far.
 *
 * Prints figures; asserts nothing. Run: npm run bench:memory [-- --node-flags="--flag …"]
 * (the flags go to the server, and from it to its performers and threads).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../src/client/client.js';
import { readServerState } from '../src/protocol/state-file.js';
import { cpuMs } from './process-cpu.js';
import { kill, nodeStart, serverEntry, settled, shutdownServer, until, type Ps } from './server-processes.js';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { 'node-flags': { type: 'string', default: '' } } });
const nodeFlags = values['node-flags'].split(' ').filter(Boolean);

interface Figures {
  rss: number;
  anon: number;
  pss: number;
  threads: number;
  cpuMs: number;
}

/** One process's figures in kB (CPU in ms), from smaps_rollup, status and stat. */
function figures(pid: number): Figures {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
  const threads = Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return { rss: kb('Rss'), anon: kb('Anonymous'), pss: kb('Pss'), threads, cpuMs: cpuMs(pid) ?? NaN };
}

const mb = (kb: number) => (kb / 1024).toFixed(1).padStart(6);

function line(label: string, f: Figures, cpu = true): void {
  const parts = `${mb(f.rss)} ${mb(f.anon)} ${mb(f.rss - f.anon)} ${mb(f.pss)} ${String(f.threads).padStart(7)}`;
  console.log(`${label.padEnd(36)}${parts}${cpu ? `${String(f.cpuMs).padStart(7)} ms` : ''}`);
}

function processes(moment: string, ps: Ps): void {
  const all = [
    { label: 'server', f: figures(ps.server.pid) },
    ...ps.performers.map((p) => ({ label: `performer (${p.state})`, f: figures(p.pid) })),
  ];
  all.forEach(({ label, f }, i) => line(`${(i === 0 ? moment : '').padEnd(18)}${label}`, f));
  const sum = (key: keyof Figures) => all.reduce((total, { f }) => total + f[key], 0);
  const together = { rss: sum('rss'), anon: sum('anon'), pss: sum('pss'), threads: sum('threads'), cpuMs: sum('cpuMs') };
  line(`${''.padEnd(18)}together`, together, false);
}

/** An idle node process: what any process of ours costs before our code. */
async function floor(): Promise<Figures> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  try {
    return figures(child.pid!);
  } finally {
    kill(child.pid!);
  }
}

/**
 * A process holding a warm synth (null output, no device needed), as a spare performer holds it
 * on a machine with an audio device: what that spare costs beyond the one measured here.
 */
async function warmSynth(): Promise<Figures> {
  const synth = JSON.stringify(join(root, 'dist', 'performer', 'sinks', 'synth-sink.js'));
  // A file, not `-e`: the synth's thread is started with this process's flags.
  const script = join(dir, 'warm-synth.mjs');
  writeFileSync(script, `const { SynthSink } = await import(${synth}); await SynthSink.open({ output: 'null' }); console.log('ready'); setInterval(() => {}, 1000);`);
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (exit) => reject(new Error(`the synth process exited (${exit})`)));
    });
    return figures(child.pid!);
  } finally {
    kill(child.pid!);
  }
}

/** When an idle server and its spare have settled: V8's memory reducer has run in both. */
const SETTLED_MS = 40_000;

/** Long enough (over the event loop's 4,096 characters) to be evaluated in a score thread. */
const dear = (octave: number) => `piano: o${octave} ${'c8 d e f g a b > c < '.repeat(300)}`;

const server = serverEntry(join(root, 'dist'));
if (!existsSync(server)) {
  console.log('run `npm run build` first: this measures the dist build');
  process.exit(1);
}
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; \`node -e 0\` takes ${(await nodeStart()).toFixed(0)} ms${nodeFlags.length ? `; node flags ${nodeFlags.join(' ')}` : ''}`);
console.log(`${'MB (CPU: user+sys so far)'.padEnd(36)}${['RSS', 'anon', 'file', 'PSS'].map((h) => h.padStart(6)).join(' ')} threads    CPU`);
const dir = mkdtempSync(join(tmpdir(), 'alda-live-memory-'));
const env = { ...process.env, ALDA_LIVE_STATE_DIR: dir };
try {
  line('node -e, idle (the floor)', await floor(), false);
  line('node holding a warm synth', await warmSynth(), false);
  const started = Date.now();
  spawn(process.execPath, [...nodeFlags, server], { env, stdio: 'ignore' });
  await until('the server to start', () => readServerState(dir), 30_000);
  processes('idle after start', await settled(dir));
  await new Promise((r) => setTimeout(r, started + SETTLED_MS - Date.now()));
  processes('idle, 40 s on', await settled(dir));

  const record = join(dir, 'play.jsonl');
  const play = spawn(process.execPath, [join(root, 'bin', 'alda-live.js'), 'play', '-c', 'piano: c8', '--record', record], { env, stdio: 'ignore' });
  await new Promise((r) => play.once('exit', r));
  await until('the play to sound', () => existsSync(record) && statSync(record).size > 0, 10_000);
  processes('idle after a play', await settled(dir));

  const client = await connect({ stateDir: dir, start: false });
  try {
    const times: number[] = [];
    for (const octave of [3, 4]) {
      const started = performance.now();
      await client.request('eval', { session: 'dear', code: dear(octave), play: false }, { timeout: 60_000 });
      times.push(performance.now() - started);
    }
    processes('after a dear eval', (await client.request('ps')) as Ps);
    console.log(`dear eval (${dear(3).length} characters, in a score thread): first ${times[0]!.toFixed(0)} ms, next ${times[1]!.toFixed(0)} ms`);
  } finally {
    client.close();
  }
} finally {
  await shutdownServer(dir);
  rmSync(dir, { recursive: true, force: true });
}
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
