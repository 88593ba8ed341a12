import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { JobStore, JobStoreError } from '../../src/server/jobs/job-store.js';
import type { JobRequest } from '../../src/server/jobs/job.js';
import { freshDir } from '../pipeline/harness.js';

const test = suite<{ dir: string }>('job store');

test.before.each((context) => {
  context.dir = freshDir('alda-live-jobs-');
});

test.after.each(async ({ dir }) => {
  await rm(dir, { recursive: true, force: true });
});

const request = (n: number): JobRequest => ({ requestId: `client:${n}`, code: `piano: c${n}`, name: '<no file>', do: { kind: 'export', path: `/tmp/out-${n}.mid`, format: 'midi' } });

test('a submitted job is on disk, whole, before submit resolves, and a reopened store finds it', async ({ dir }) => {
  const store = JobStore.open(dir);
  const { job, existing } = await store.submit(request(1));
  assert.is(existing, false);
  assert.match(job.id, /^\d{8}T\d{9}Z-[0-9a-f]{8}$/);
  const line = readFileSync(join(dir, job.id, 'request.json'), 'utf8');
  assert.ok(line.endsWith('}\n') && line.split('\n').length === 2, 'one whole line');
  const again = JobStore.open(dir);
  assert.equal(again.get(job.id)?.request, request(1));
  assert.equal(again.problems, []);
});

test('steps are stored once each, in order, and read back checked', async ({ dir }) => {
  const store = JobStore.open(dir);
  const { job } = await store.submit(request(2));
  await store.record(job, 'parsed', { forms: [] });
  await store.record(job, 'built', { view: { events: [] } });
  await store.record(job, 'built', { view: { events: ['not this'] } });
  const again = JobStore.open(dir);
  const found = again.get(job.id)!;
  assert.equal([...found.steps.keys()], ['parsed', 'built']);
  assert.equal(await again.read(found, 'built'), { view: { events: [] } });
  assert.equal(readdirSync(join(dir, job.id)).sort(), ['built.json', 'parsed.json', 'request.json']);
});

test('a retried submit (same client request id) gets the same job, also after a restart', async ({ dir }) => {
  const store = JobStore.open(dir);
  const [first, second] = await Promise.all([store.submit(request(3)), store.submit(request(3))]);
  assert.is(second.job.id, first.job.id);
  assert.is(second.existing, true);
  const after = await JobStore.open(dir).submit(request(3));
  assert.is(after.job.id, first.job.id);
  assert.is(readdirSync(dir).length, 1);
});

test('corrupt entries are detected and reported, the job kept and marked; nothing throws (1/4: cut short)', async ({ dir }) => {
  const { job } = await JobStore.open(dir).submit(request(4));
  const path = join(dir, job.id, 'request.json');
  writeFileSync(path, readFileSync(path, 'utf8').slice(0, 40));
  const store = JobStore.open(dir);
  assert.is(store.get(job.id)?.corrupt, 'request.json: not one whole line (a write was cut short?)');
  assert.match(store.problems.join('\n'), new RegExp(`job ${job.id} is corrupt: request\\.json: not one whole line`));
});

test('corrupt entries are detected (2/4: a body that does not match its hash)', async ({ dir }) => {
  const first = JobStore.open(dir);
  const { job } = await first.submit(request(5));
  await first.record(job, 'parsed', { forms: [1, 2, 3] });
  const path = join(dir, job.id, 'parsed.json');
  writeFileSync(path, readFileSync(path, 'utf8').replace('[1,2,3]', '[1,2,4]'));
  const store = JobStore.open(dir);
  assert.is(store.get(job.id)?.corrupt, 'parsed.json: its body does not match its sha256');
});

test('corrupt entries are detected (3/4: a step file changed after the store opened is caught when read)', async ({ dir }) => {
  const store = JobStore.open(dir);
  const { job } = await store.submit(request(6));
  await store.record(job, 'built', { view: {} });
  writeFileSync(join(dir, job.id, 'built.json'), 'garbage\n');
  try {
    await store.read(job, 'built');
    assert.unreachable('read a corrupt entry');
  } catch (error) {
    assert.instance(error, JobStoreError);
    assert.is((error as JobStoreError).code, 'ALDA_JOB_CORRUPT');
    assert.is(job.corrupt, 'built.json: not valid JSON');
  }
});

test('half-written entries (4/4): a step left as .tmp was never done; a job dir without its request was never acknowledged', async ({ dir }) => {
  const { job } = await JobStore.open(dir).submit(request(7));
  writeFileSync(join(dir, job.id, 'parsed.json.tmp'), '{"alda-live-job":1,"job"');
  const orphan = join(dir, '20261130T000000000Z-00000000');
  mkdirSync(orphan);
  const store = JobStore.open(dir);
  assert.equal([...store.get(job.id)!.steps.keys()], []);
  assert.is(store.get(job.id)!.corrupt, undefined);
  assert.not.ok(existsSync(join(dir, job.id, 'parsed.json.tmp')));
  assert.not.ok(existsSync(orphan));
  assert.match(store.problems.join('\n'), /a submission that never completed/);
});

test('forget removes the job from disk and memory', async ({ dir }) => {
  const store = JobStore.open(dir);
  const { job } = await store.submit(request(8));
  await store.forget(job);
  assert.is(store.get(job.id), undefined);
  assert.equal(readdirSync(dir), []);
  assert.is((await store.submit(request(8))).existing, false);
});

test.run();
