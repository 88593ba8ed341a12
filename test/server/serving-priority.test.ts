import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from '../../src/client/client.js';
import { launchGated } from '../../src/client/launch-server.js';
import { waitFor } from '../pipeline/harness.js';
import { processesOf } from '../support/state-dir.js';

const module = fileURLToPath(new URL('../../dist/processes/serving-priority.js', import.meta.url));

/**
 * The nice value of an autogroup as /proc/PID/autogroup says it, or null where the process is in
 * the root group, which has none (the file is empty: pid 1's session, as in some CI containers).
 */
const groupNiceOf = (text: string): number | null => {
  const nice = /nice (-?\d+)/.exec(text)?.[1];
  return nice === undefined ? null : Number(nice);
};

/** A process that raises its serving priority and says its autogroup's nice value and its main thread's. */
async function raised(options: { detached: boolean; nice?: number }): Promise<{ group: number | null; thread: number }> {
  const script = `import { raiseServingPriority } from ${JSON.stringify(module)}; import { readFileSync } from 'node:fs'; import { getPriority } from 'node:os';
raiseServingPriority();
const nice = /nice (-?\\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'))?.[1];
console.log(JSON.stringify({ group: nice === undefined ? null : Number(nice), thread: getPriority(0) }));`;
  const command = options.nice === undefined ? [process.execPath] : ['nice', '-n', String(options.nice), process.execPath];
  const child = spawn(command[0]!, [...command.slice(1), '--input-type=module', '-e', script], { detached: options.detached, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk));
  await once(child, 'exit');
  return JSON.parse(out) as { group: number | null; thread: number };
}

const autogroup = process.platform === 'linux' && readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
/** Whether a process of ours may raise its group (root, CAP_SYS_NICE or a nice limit): tried in a session of its own (util-linux's setsid). */
const tried = autogroup ? spawnSync('setsid', ['sh', '-c', 'echo -7 > /proc/self/autogroup']) : undefined;
/** The tests' own nice value, which the processes they start inherit: above 0, the server leaves its priority be. */
const ourNice = getPriority(0);

test('a server that leads its session raises its group above its clients where allowed; one in a terminal raises only its event loop; one started lower stays there', async () => {
  if (!autogroup || tried?.error) return;
  const raises = tried!.status === 0 && ourNice <= 0;
  const ours = groupNiceOf(readFileSync('/proc/self/autogroup', 'utf8'));
  assert.equal(await raised({ detached: true }), { group: raises ? -7 : 0, thread: ourNice });
  assert.equal(await raised({ detached: false }), { group: ours, thread: raises ? Math.min(ourNice, -7) : ourNice });
  assert.equal(await raised({ detached: true, nice: 5 }), { group: 0, thread: Math.min(ourNice + 5, 19) });
});

test('a server started held (as a cold play starts it, before it may go on) raises its group from its first moment: its client and performer boot beside it', async () => {
  if (!autogroup || tried?.error || tried!.status !== 0 || ourNice > 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-held-'));
  const entry = fileURLToPath(new URL('../../dist/server/entry.cjs', import.meta.url));
  const server = spawn(process.execPath, [entry, '--port', '0', '--spares', '0', '--after-go'], { detached: true, stdio: ['pipe', 'ignore', 'inherit'], env: { ...process.env, ALDA_LIVE_STATE_DIR: dir } });
  const exited = once(server, 'exit');
  try {
    const deadline = Date.now() + 20_000;
    const group = () => groupNiceOf(readFileSync(`/proc/${server.pid}/autogroup`, 'utf8'));
    while (group() !== -7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.is(group(), -7);
    assert.not.ok(existsSync(join(dir, 'server.json')), 'still held');
  } finally {
    // Without its go it ends quietly.
    server.stdin!.end();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a client raises the server it launches, and the performer beside it, from the moment it spawns them, before Node has booted there', async () => {
  if (!autogroup || tried?.error || tried!.status !== 0 || ourNice > 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-launched-'));
  const launch = launchGated(dir);
  try {
    // At once, in the same turn: the server has not run a line of its own yet.
    const started = (what: string) => processesOf(dir).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(what));
    const groupOf = (pid: number | undefined) => groupNiceOf(readFileSync(`/proc/${pid}/autogroup`, 'utf8'));
    assert.is(groupOf(started('server/entry')[0]), -7);
    // The performer's own priority (src/performer/playing-priority.ts), above the server's.
    assert.is(groupOf(started('performer/')[0]), -14);
  } finally {
    launch.cancel();
    await waitFor('the processes started for the state dir to end', () => processesOf(dir).length === 0, 15_000);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Each thread of a process: its scheduling policy (0 ordinary, 2 SCHED_RR) and real-time priority (proc(5): stat's fields 41 and 40). */
function threadsOf(pid: number): { tid: number; policy: number; priority: number }[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return { tid: Number(tid), policy: Number(fields[41 - 3]), priority: Number(fields[40 - 3]) };
  });
}

test('a server makes its event loop real-time once it serves, where allowed: below its performers, its other threads (a score thread started later too) ordinary', async () => {
  if (process.platform !== 'linux') return;
  const allowed = spawnSync('chrt', ['--rr', '1', 'true']).status === 0 && ourNice <= 0 && availableParallelism() > 1;
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-real-time-'));
  const entry = fileURLToPath(new URL('../../dist/server/entry.cjs', import.meta.url));
  const server = spawn(process.execPath, [entry, '--port', '0', '--spares', '1'], { detached: true, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ALDA_LIVE_STATE_DIR: dir } });
  const exited = once(server, 'exit');
  const pid = server.pid!;
  const client = await waitFor('the server to listen', () => existsSync(join(dir, 'server.json')), 20_000).then(() => connect({ stateDir: dir, start: false }));
  try {
    const main = () => threadsOf(pid).find((thread) => thread.tid === pid)!;
    if (!allowed) {
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(main(), { tid: pid, policy: 0, priority: 0 });
      return;
    }
    await waitFor('the event loop to be SCHED_RR 1', () => main().policy === 2, 10_000);
    assert.is(main().priority, 1);
    // A score too long to evaluate on the event loop goes to a score thread, started now.
    const before = threadsOf(pid).length;
    await client.request('eval', { session: 'long', code: `piano: ${'c8 d e f '.repeat(1200)}`, play: false });
    assert.ok(threadsOf(pid).length > before, 'a score thread started');
    assert.equal(threadsOf(pid).filter((thread) => thread.tid !== pid && thread.policy !== 0), []);
    const performer = (await client.request('ps', {})).performers[0]!.pid!;
    const performerMain = () => threadsOf(performer).find((thread) => thread.tid === performer)!;
    await waitFor('the performer to be SCHED_RR above the server', () => performerMain().policy === 2 && performerMain().priority === 2, 10_000);
  } finally {
    await client.request('shutdown', {}, { attempts: 1 }).catch(() => undefined);
    client.close();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
