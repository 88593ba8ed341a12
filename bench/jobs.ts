/**
 * Throughput of durable jobs, through the real processes: a server (its own state dir) with 1, 2
 * and 4 exporter workers (an export job is compiled by its exporter), `JOBS` jobs of a small score
 * each, submit → compile and export:mid, timed from the first submit until the last job is complete. Then the cost of the
 * fsyncs a job pays: the store's write (write, fsync, rename, fsync of the directory) against the
 * same write without the two fsyncs, times the writes of one job (request, built, exported,
 * and the exporter's own commit of the file).
 *
 * Prints figures; asserts nothing. Run: npm run bench:jobs
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, open, rename, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type Client } from '../src/client/client.js';
import { encodeEntry } from '../src/server/jobs/job-entry.js';
import { syncDirectory } from '../src/files/sync-directory.js';
import { readServerState } from '../src/protocol/state-file.js';
import type { AnyRequestType } from '../src/protocol/results.js';

const root = resolve(import.meta.dirname, '..');
const JOBS = Number(process.env.JOBS ?? 300);
/** Store writes per export job, plus the exporter's commit of its file (one file, one directory fsync). */
const WRITES_PER_JOB = 3;
const SCORE = 'piano: (tempo 140) o4 c8 d e f g4 a8 b > c2 | < b8 a g f e4 d c1';

const ask = <T extends AnyRequestType>(client: Client, type: T, payload: Record<string, unknown>) => client.request(type, payload, { timeout: 30_000 });

async function startServer(dir: string, exporters: number): Promise<{ child: ChildProcess; client: Client }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server/entry.ts'), '--port', '0'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ALDA_LIVE_STATE_DIR: dir, ALDA_LIVE_COMPILERS: '0', ALDA_LIVE_EXPORTERS: String(exporters) },
  });
  const deadline = Date.now() + 60_000;
  while (readServerState(dir)?.pid !== child.pid) {
    if (Date.now() > deadline) throw new Error('the server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, client: await connect({ stateDir: dir, start: false, timeout: 30_000 }) };
}

async function allComplete(client: Client, count: number): Promise<void> {
  for (;;) {
    const jobs = (await ask(client, 'job.list', {})).jobs as { state: string }[];
    const done = jobs.filter((j) => j.state === 'complete' || j.state === 'failed').length;
    if (jobs.some((j) => j.state === 'failed')) throw new Error('a job failed');
    if (done >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function throughput(exporters: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-bench-jobs-'));
  const out = join(dir, 'out');
  await mkdir(out);
  const { child, client } = await startServer(dir, exporters);
  try {
    // Warm: the workers start on first use.
    await ask(client, 'job.submit', { code: SCORE, do: { kind: 'export', path: join(out, 'warm.mid'), format: 'midi' } });
    await allComplete(client, 1);
    const started = performance.now();
    // 32 in flight at most, and under 200 messages a second: a connection's limits.
    for (let batch = 0; batch < JOBS; batch += 32) {
      const pace = new Promise((resolve) => setTimeout(resolve, 170));
      const numbers = Array.from({ length: Math.min(32, JOBS - batch) }, (_, i) => batch + i);
      await Promise.all(numbers.map((n) => ask(client, 'job.submit', { code: SCORE, do: { kind: 'export', path: join(out, `${n}.mid`), format: 'midi' } })));
      await pace;
    }
    await allComplete(client, JOBS + 1);
    return JOBS / ((performance.now() - started) / 1000);
  } finally {
    client.close();
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Gone already.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mean ms of one store-style write of a `size`-byte entry, with or without its two fsyncs. */
async function entryWrite(dir: string, synced: boolean, count: number, size: number): Promise<number> {
  const body = { view: 'x'.repeat(size) };
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const path = join(dir, `entry-${i}.json`);
    const file = await open(`${path}.tmp`, 'w', 0o600);
    await file.writeFile(encodeEntry('bench', 'built', body));
    if (synced) await file.sync();
    await file.close();
    await rename(`${path}.tmp`, path);
    if (synced) await syncDirectory(dir);
  }
  return (performance.now() - started) / count;
}

process.stdout.write(`bench:jobs — ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, ${JOBS} jobs of ${SCORE.length} bytes each, export:mid\n`);
for (const exporters of [1, 2, 4]) {
  const rate = await throughput(exporters);
  process.stdout.write(`  ${exporters} exporter worker${exporters === 1 ? ' ' : 's'}: ${rate.toFixed(1)} jobs/s (submit → compile and export:mid)\n`);
}
const scratch = mkdtempSync(join(tmpdir(), 'alda-live-bench-fsync-'));
const size = readFileSync(join(root, 'package.json')).length * 2;
await writeFile(join(scratch, 'warm'), 'x');
const synced = await entryWrite(scratch, true, 200, size);
const unsynced = await entryWrite(scratch, false, 200, size);
rmSync(scratch, { recursive: true, force: true });
process.stdout.write(`  a store entry (${size} B): ${synced.toFixed(2)} ms written durably, ${unsynced.toFixed(2)} ms without fsync\n`);
process.stdout.write(
  `  fsync per job: ${((synced - unsynced) * (WRITES_PER_JOB + 1)).toFixed(2)} ms (${WRITES_PER_JOB} store entries + the exporter's commit, each a file and a directory fsync)\n`,
);
