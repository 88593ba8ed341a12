import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second of /proc's CPU times: 100 on every Linux node runs on. */
const CLOCK_TICKS = 100;

/**
 * User and system CPU time of a process, all its threads (with `thread`, that one thread's), so
 * far, in ms, from /proc (Linux); undefined once it has gone. System time is the kernel's share
 * (sockets, mostly).
 */
export function cpuTimes(pid: number, thread?: number): { user: number; system: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // utime and stime are fields 14 and 15; the name (field 2, in parentheses) may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return { user: (Number(fields[11]) * 1000) / CLOCK_TICKS, system: (Number(fields[12]) * 1000) / CLOCK_TICKS };
}

/** User + system CPU time of a process so far, in ms; undefined once it has gone. */
export function cpuMs(pid: number): number | undefined {
  const times = cpuTimes(pid);
  return times && times.user + times.system;
}

/** User + system CPU time (ms) of the children this process has reaped so far (cutime + cstime). */
export function reapedChildrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

/**
 * How long a thread (the main one of process `pid` by default) has run and how long it has waited,
 * runnable, for a CPU so far, in ms (/proc's schedstat): an ack waits for the server's event loop
 * to read the eval and for the client's to read the answer, and on a busy machine each waits its turn.
 */
export function schedMs(pid: number, thread = pid): { ran: number; waited: number } {
  try {
    const [ran, waited] = readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ').map(Number);
    return { ran: ran! / 1e6, waited: waited! / 1e6 };
  } catch {
    return { ran: NaN, waited: NaN };
  }
}

/**
 * Context switches of every thread of a process so far (each thread's status in /proc): voluntary ones
 * are its wake-ups (each sleep ended), involuntary ones the times a thread was taken off a CPU.
 * A count, which the machine's load moves far less than a time.
 */
export function switches(pid: number): { voluntary: number; involuntary: number } {
  const total = { voluntary: 0, involuntary: 0 };
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return { voluntary: NaN, involuntary: NaN };
  }
  for (const task of tasks) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
    } catch {
      continue;
    }
    total.voluntary += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    total.involuntary += Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return total;
}
