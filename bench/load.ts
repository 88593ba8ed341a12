/**
 * The server under load, through real processes on loopback: CLIENTS clients, spread over
 * SESSIONS sessions, each evaluating a short note RATE times a second (with playback) for
 * SECONDS, while one more session plays 2000 notes into a recording. Prints the evals' ack
 * latency (p50/p99), the errors by code, and the lateness (at − due) of the playing session.
 * Targets on a quiet machine: ack p99 ≤ 20 ms, no errors, lateness p99 ≤ 1 ms.
 *
 * Bounded: at most CLIENTS × RATE × SECONDS evals, 120 s in all; it starts its own server in a
 * fresh state dir and shuts it down (its performers with it) however it ends.
 * Prints figures; asserts nothing. Run: npm run bench:load [-- --clients 200 --sessions 8 --rate 10 --seconds 10]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect, type Client } from '../src/client/client.js';
import { readServerState } from '../src/protocol/state-file.js';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '200' }, sessions: { type: 'string', default: '8' }, rate: { type: 'string', default: '10' }, seconds: { type: 'string', default: '10' } },
});
const CLIENTS = Math.min(Number(values.clients), 240);
const SESSIONS = Math.min(Number(values.sessions), 24);
const RATE = Math.min(Number(values.rate), 50);
const SECONDS = Math.min(Number(values.seconds), 60);
const NOTES = 2000;

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const figures = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `n=${sorted.length}  p50 ${quantile(sorted, 0.5).toFixed(2)}  p99 ${quantile(sorted, 0.99).toFixed(2)}  max ${(sorted.at(-1) ?? NaN).toFixed(2)} ms`;
};

const dir = mkdtempSync(join(tmpdir(), 'alda-live-load-'));
const clients: Client[] = [];
// However the run ends (a failure, the 120 s cap), the server and its performers go.
const cap = setTimeout(() => void finish('the 120 s cap was reached'), 120_000);

async function finish(why?: string): Promise<void> {
  clearTimeout(cap);
  for (const client of clients) client.close();
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
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores; ${CLIENTS} clients over ${SESSIONS} sessions, ${RATE} evals/s each, ${SECONDS} s`);
  const first = await connect({ stateDir: dir, timeout: 30_000 });
  clients.push(first);
  for (let s = 0; s < SESSIONS; s++) await first.request('eval', { session: `load-${s}`, code: 'piano: c64' }, { timeout: 30_000 });
  for (let i = 1; i < CLIENTS; i++) clients.push(await connect({ stateDir: dir, start: false, timeout: 10_000 }));

  const record = join(dir, 'playing.jsonl');
  const letters = 'cdefgab';
  const notes = `piano: o4 ${Array.from({ length: NOTES }, (_, i) => `${letters[i % 7]}${(SECONDS * 1000) / NOTES}ms`).join(' ')}`;
  await first.request('eval', { session: 'playing', code: notes, sink: { record } }, { timeout: 30_000 });

  const acks: number[] = [];
  const errors = new Map<string, number>();
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    clients.map(async (client, i) => {
      // Spread the clients' evals over the interval, not all at once.
      await new Promise((r) => setTimeout(r, (i / CLIENTS) * (1000 / RATE)));
      for (let next = performance.now(); next < end; next += 1000 / RATE) {
        const sent = performance.now();
        try {
          await client.request('eval', { session: `load-${i % SESSIONS}`, code: 'c64' }, { attempts: 1, timeout: 10_000 });
          acks.push(performance.now() - sent);
        } catch (error) {
          const code = (error as { code?: string }).code ?? 'unknown';
          errors.set(code, (errors.get(code) ?? 0) + 1);
        }
        await new Promise((r) => setTimeout(r, Math.max(0, next + 1000 / RATE - performance.now())));
      }
    }),
  );
  for (let i = 0; i < 200; i++) {
    if ((await first.request('wait', { session: 'playing' }, { timeout: 10_000 })).done) break;
  }
  const lines = existsSync(record)
    ? readFileSync(record, 'utf8')
        .split('\n')
        .filter((line) => line.endsWith('}'))
        .map((line) => JSON.parse(line) as { at: number; due: number; data: number[] })
        .filter((line) => (line.data[0]! & 0xf0) !== 0xb0)
    : [];
  console.log(`eval ack         ${figures(acks)}`);
  console.log(`errors           ${errors.size === 0 ? 'none' : [...errors].map(([code, n]) => `${code} ×${n}`).join(', ')}`);
  console.log(`lateness (playing session meanwhile)  ${figures(lines.map((line) => line.at - line.due))}`);
  await finish();
} catch (error) {
  await finish((error as Error).message);
}
