import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Raises the CPU group of a process's session (by default this one's) to nice value `nice`, where
 * it has one of its own: on Linux with `sched_autogroup`, CPU time is shared between sessions'
 * groups whatever the nice value of a thread in them, so a process that leads its session (started
 * detached) ranks against the rest of the machine by its group's value, every thread of it (V8's
 * helpers too). Returns false where it has none (it shares a terminal's session, or there is no
 * autogroup): the caller then raises its thread instead. Never lowers; throws where raising is not
 * allowed (no root, no CAP_SYS_NICE or nice limit).
 */
export function raiseSessionGroup(nice: number, pid = process.pid): boolean {
  if (process.platform !== 'linux' || !leadsItsSession(pid)) return false;
  const current = groupNice(pid);
  if (current === undefined) return false;
  if (current > nice) writeFileSync(`/proc/${pid}/autogroup`, String(nice));
  return true;
}

/** Whether the process leads its session (proc(5): the session id is stat's field 6). */
function leadsItsSession(pid: number): boolean {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return Number(fields[6 - 3]) === pid;
}

/** The nice value of the process's autogroup ("/autogroup-42 nice 0"), or undefined where there is none (autogroup off). */
function groupNice(pid: number): number | undefined {
  try {
    if (readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() !== '1') return undefined;
    const nice = /nice (-?\d+)/.exec(readFileSync(`/proc/${pid}/autogroup`, 'utf8'))?.[1];
    return nice === undefined ? undefined : Number(nice);
  } catch {
    return undefined;
  }
}
