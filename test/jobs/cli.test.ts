import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readServerState } from '../../src/protocol/state-file.js';
import { freshDir, waitFor } from '../pipeline/harness.js';
import { fixture } from '../support/fixtures.js';

/** The real binary, as a user runs it: `npm test` builds dist/ first. */
const bin = resolve(import.meta.dirname, '../../bin/alda-live.js');
const debussy = fixture('corpus/alda-examples/debussy_quartet.alda');
/** The one corpus score that ends in rests (1.1 s after its last note). */
const nicechord = fixture('corpus/alda-examples/nicechord-alda-demo.alda');
const perf1m = fixture('bench/perf-1m.alda');

const test = suite<{ dir: string }>('job cli');

/** Runs `alda-live ARGS` in the test's dir, against its own state dir. */
function aldaLive(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, ALDA_LIVE_STATE_DIR: dir }, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test.before((context) => {
  context.dir = freshDir('alda-live-job-cli-');
});

test.after(({ dir }) => {
  // The first command started a server, detached, in a process group of its own: end it and its workers.
  const state = readServerState(dir);
  if (state) {
    try {
      process.kill(-state.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Submits an export job, waits for it to complete, and closes it. */
async function exportJob(dir: string, args: string[], timeout = 60_000): Promise<void> {
  const submitted = await aldaLive(dir, 'job', 'submit', ...args);
  assert.is(submitted.code, 0, submitted.stderr);
  const id = submitted.stdout.trim();
  await waitFor('the job to end', async () => / (complete|failed) /.test((await aldaLive(dir, 'job', 'status', id)).stdout), timeout);
  const status = await aldaLive(dir, 'job', 'status', id);
  assert.match(status.stdout, / complete /, status.stdout);
  assert.is((await aldaLive(dir, 'job', 'close', id)).code, 0);
}

test('a job exports the same bytes as alda-live export, trailing rests included (MIDI and WAV)', async ({ dir }) => {
  await exportJob(dir, ['-f', nicechord, '--do', 'export:job.mid']);
  assert.is((await aldaLive(dir, 'export', '-f', nicechord, '-o', 'cli.mid')).code, 0);
  assert.ok(readFileSync(join(dir, 'job.mid')).equals(readFileSync(join(dir, 'cli.mid'))), 'job.mid equals cli.mid');
  await exportJob(dir, ['-c', 'piano: c8 r1', '--do', 'export:job.wav']);
  assert.is((await aldaLive(dir, 'export', '-c', 'piano: c8 r1', '-o', 'cli.wav')).code, 0);
  assert.ok(readFileSync(join(dir, 'job.wav')).equals(readFileSync(join(dir, 'cli.wav'))), 'job.wav equals cli.wav');
});

test('a 1 MB score (232,797 notes) exports through a job: only a reference to the file crosses a message', async ({ dir }) => {
  await exportJob(dir, ['-f', perf1m, '--do', 'export:big.mid'], 180_000);
  assert.is((await aldaLive(dir, 'export', '-f', perf1m, '-o', 'big-cli.mid')).code, 0);
  assert.ok(readFileSync(join(dir, 'big.mid')).equals(readFileSync(join(dir, 'big-cli.mid'))), 'big.mid equals big-cli.mid');
});

test('job submit prints an id at once; status, result, list and close follow the job to its file', async ({ dir }) => {
  const submitted = await aldaLive(dir, 'job', 'submit', '-f', debussy, '--do', 'export:d.mid');
  assert.is(submitted.code, 0, submitted.stderr);
  const id = submitted.stdout.trim();
  assert.match(id, /^\d{8}T\d{9}Z-[0-9a-f]{8}$/);
  await waitFor('the job to complete', async () => (await aldaLive(dir, 'job', 'status', id)).stdout.includes(' complete '), 60_000);
  const result = await aldaLive(dir, 'job', 'result', id);
  assert.is(result.code, 0, result.stderr);
  const path = join(dir, 'd.mid');
  assert.match(result.stdout, new RegExp(`^${path}\\t\\d+ bytes\\tsha256 [0-9a-f]{64}\\n$`));
  assert.is((await aldaLive(dir, 'export', '-f', debussy, '-o', 'd-cli.mid')).code, 0);
  assert.ok(readFileSync(path).equals(readFileSync(join(dir, 'd-cli.mid'))), 'the same bytes as alda-live export');
  assert.match((await aldaLive(dir, 'job', 'list')).stdout, new RegExp(`^${id}  complete  export:${path}\\n$`));
  const cancel = await aldaLive(dir, 'job', 'cancel', id);
  assert.is(cancel.code, 1);
  assert.match(cancel.stderr, new RegExp(`Job ${id} is complete already; there is nothing to cancel`));
  assert.is((await aldaLive(dir, 'job', 'close', id)).code, 0);
  assert.is((await aldaLive(dir, 'job', 'list')).stdout, 'No jobs\n');
  assert.ok(existsSync(path), 'the file stays');
});

test('a job whose score does not compile is failed, with the step, code and FILE:LINE:COL', async ({ dir }) => {
  const submitted = await aldaLive(dir, 'job', 'submit', '-c', 'piano: c d (tempo)', '--do', 'export:bad.mid');
  const id = submitted.stdout.trim();
  const status = await waitFor('the job to fail', async () => {
    const run = await aldaLive(dir, 'job', 'status', id, '--json');
    const parsed = JSON.parse(run.stdout) as { state: string; error?: { code: string; message: string; step: string } };
    return parsed.state === 'failed' ? parsed : undefined;
  }, 60_000);
  assert.equal(status.error, {
    code: 'LISP_SIGNATURE_MISMATCH',
    message:
      '<no file>:1:12 provided arguments do not match the signature of `tempo`\n\nExpected:\nnumber    OR\nnumber, number    OR\nstring, number\n\nGot:\n(no arguments)',
    step: 'built',
  });
  const result = await aldaLive(dir, 'job', 'result', id);
  assert.is(result.code, 1);
  assert.match(result.stderr, /^Job \S+ failed: <no file>:1:12 /);
});

test('bad arguments (exit status 2) and unknown jobs (1) are answered with a message', async ({ dir }) => {
  const badAction = await aldaLive(dir, 'job', 'submit', '-c', 'piano: c', '--do', 'export:x.txt');
  assert.is(badAction.code, 2);
  assert.match(badAction.stderr, /play, export:FILE\.mid or export:FILE\.wav/);
  const unknown = await aldaLive(dir, 'job', 'status', 'nope');
  assert.is(unknown.code, 1);
  assert.is(unknown.stderr, 'There is no job nope (closed, or never submitted here)\n');
});

test.run();
