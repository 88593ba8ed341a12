/**
 * One performer process on its own, through the real link: this script is its server (a real
 * WebSocket on loopback, speaking the performer protocol), the performer is dist/performer/start.cjs
 * as the server spawns it. It sends RATE `schedule` commands a second for SECONDS, each a note
 * (on and off) as an eval of `c64` in a live session sends it, and prints:
 *   - the performer's CPU time (user + system, all its threads, from /proc) in all and per command:
 *     the figure that load on a shared machine disturbs least;
 *   - the command → reply latency as this side sees it;
 *   - the lateness (at − due) of every message it played, from its recording;
 *   - its resident memory, idle (connected, no session) and at the end.
 * With --chord N each command is an N-note chord with its program, volume and pan: a burst of
 * messages due at one instant. With --cpu-prof DIR the performer writes its V8 CPU profile there.
 *
 * Prints figures; asserts nothing. Run: npm run build && npm run bench:performer [-- --rate 250 --seconds 10 --chord 1 --cpu-prof DIR]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { epochMs } from '../src/protocol/clock-offset.js';
import { PROTOCOL_VERSION } from '../src/protocol/envelope.js';
import { cpuMs } from './process-cpu.js';
import { quantiles } from './quantiles.js';
import { readLines } from './recording.js';

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '250' }, seconds: { type: 'string', default: '10' }, chord: { type: 'string', default: '1' }, 'cpu-prof': { type: 'string' } },
});
const RATE = Math.min(Number(values.rate), 2000);
const SECONDS = Math.min(Number(values.seconds), 60);
const CHORD = Math.min(Math.max(1, Number(values.chord)), 16);
/** Score ms between two commands' notes: a 64th note at 120 bpm, as in bench:load. */
const SPACING = 31.25;

const entry = fileURLToPath(new URL('../dist/performer/start.cjs', import.meta.url));
if (!existsSync(entry)) {
  console.log('bench:performer: run `npm run build` first (it measures the performer in dist/)');
  process.exit(1);
}

function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The messages of command `i`: its chord's set-up (program, volume, pan) and notes, on and off. */
function note(i: number): { t: number; d: number[]; p: string }[] {
  const t = i * SPACING;
  const messages: { t: number; d: number[]; p: string }[] = [];
  if (CHORD > 1) messages.push({ t, d: [0xc0, 0], p: 'piano' }, { t, d: [0xb0, 7, 100], p: 'piano' }, { t, d: [0xb0, 10, 64], p: 'piano' });
  for (let k = 0; k < CHORD; k++) messages.push({ t, d: [0x90, 48 + ((i + k * 4) % 40), 100], p: 'piano' });
  for (let k = 0; k < CHORD; k++) messages.push({ t: t + SPACING * 0.9, d: [0x80, 48 + ((i + k * 4) % 40), 0], p: 'piano' });
  return messages;
}

const dir = mkdtempSync(join(tmpdir(), 'alda-live-performer-bench-'));
const record = join(dir, 'played.jsonl');
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await once(wss, 'listening');
const profile = values['cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']];
const child = spawn(process.execPath, [...profile, entry, '--connect', `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, '--worker', 'performer-bench', '--parent-pid', String(process.pid)], {
  env: { ...process.env, ALDA_LIVE_TOKEN: 'bench' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const cap = setTimeout(() => {
  console.log('stopped: the 120 s cap was reached');
  child.kill('SIGKILL');
  process.exit(1);
}, 120_000);

try {
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores; ${RATE} commands/s of ${CHORD > 1 ? `${CHORD}-note chords with set-up` : 'one note'} for ${SECONDS} s`);
  const [socket] = (await once(wss, 'connection')) as [WebSocket];
  const replies = new Map<string, (message: { type: string; result?: Record<string, unknown>; message?: string }) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id?: string; sent?: number };
    if (message.type === 'ready') socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'welcome', protocol: PROTOCOL_VERSION, heartbeat: 1000 }));
    if (message.type === 'clock') socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'clock', sent: message.sent, server: epochMs() }));
    if (message.id !== undefined) replies.get(message.id)?.(message as never);
  });
  let next = 0;
  const send = (command: Record<string, unknown>) => {
    const id = `s${next++}`;
    const answered = new Promise<{ type: string; result?: Record<string, unknown>; message?: string }>((resolve) => replies.set(id, resolve));
    socket.send(JSON.stringify({ v: PROTOCOL_VERSION, id, ...command }));
    return answered.then((answer) => {
      replies.delete(id);
      if (answer.type !== 'reply') throw new Error(`the performer refused ${command.type}: ${answer.message}`);
      return answer.result!;
    });
  };
  // Its clock round trips done, the performer idles as a spare does.
  await sleep(2000);
  const idleRss = rssMb(child.pid!);
  await send({ type: 'open', session: 'bench', sink: { record } });
  const before = cpuMs(child.pid!)!;
  const began = performance.now();
  const latencies: number[] = [];
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < RATE * SECONDS; i++) {
    const due = began + (i * 1000) / RATE;
    if (due > performance.now()) await sleep(due - performance.now());
    const sent = performance.now();
    pending.push(send({ type: 'schedule', start: i * SPACING, messages: note(i), tempo: 120 }).then(() => latencies.push(performance.now() - sent)));
  }
  await Promise.all(pending);
  const spent = cpuMs(child.pid!)! - before;
  const wall = performance.now() - began;
  await send({ type: 'stop' });
  const lines = readLines(record);
  const played = lines.filter((line) => !(line.data[0]! >= 0xb0 && line.data[0]! <= 0xbf && line.data[1]! >= 120));
  console.log(`performer CPU    ${spent.toFixed(0)} ms in ${(wall / 1000).toFixed(1)} s (${((100 * spent) / wall).toFixed(1)}% of a core), ${((spent * 1000) / (RATE * SECONDS)).toFixed(0)} µs a command`);
  console.log(`command → reply  ${quantiles(latencies, 3)}`);
  console.log(`lateness         ${quantiles(played.map((line) => line.at - line.due), 3)} (every message played until the stop)`);
  console.log(`RSS              idle ${idleRss.toFixed(1)} MB, at the end ${rssMb(child.pid!).toFixed(1)} MB`);
  await send({ type: 'stop' });
  socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'shutdown' }));
  await Promise.race([once(child, 'exit'), sleep(5000)]);
} finally {
  clearTimeout(cap);
  if (child.exitCode === null) child.kill('SIGKILL');
  wss.close();
  rmSync(dir, { recursive: true, force: true });
}
