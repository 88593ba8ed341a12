import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnPerformer } from '../../src/server/spawn-performer.js';
import { waitFor } from '../pipeline/harness.js';

/** The fields of /proc/PID/stat from the third (the state) on: proc(5)'s field n is at n − 3. */
function stat(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
}

/** Whether a process of ours may raise its session's CPU group (Linux's autogroup): tried in a session of its own. */
function groupAllowed(): boolean {
  if (readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() !== '1') return false;
  return spawnSync('setsid', ['sh', '-c', 'echo -14 > /proc/self/autogroup']).status === 0;
}

test('a node performer leads a session of its own, runs V8 without helper threads for GC and compiling, and is real-time where that is allowed, its session\'s CPU group raised to nice −14', async () => {
  if (process.platform !== 'linux') return;
  // No server there: the performer keeps trying to connect, which is all this needs.
  const child = spawnPerformer({ url: 'ws://127.0.0.1:9', token: 'token', worker: 'performer-test', launch: { engine: 'node' }, pageCode: () => '', log: () => {} });
  try {
    const pid = child.pid!;
    assert.is(Number(stat(pid)[6 - 3]), pid, 'the session is its own');
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    assert.ok(argv.includes('--single-threaded-gc'), argv.join(' '));
    // Whether this machine lets a process of ours be real-time (root, or a real-time limit).
    const allowed = spawnSync('chrt', ['--rr', '1', 'true']).status === 0;
    if (allowed) await waitFor('the performer to be SCHED_RR', () => stat(pid)[41 - 3] === '2');
    else assert.is(stat(pid)[41 - 3], '0');
    // Its group ranks above the server's (−7 where allowed), so its helper threads are not held behind the server's work.
    if (groupAllowed()) await waitFor('its group at nice −14', () => readFileSync(`/proc/${pid}/autogroup`, 'utf8').includes('nice -14'));
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }
});

test.run();
