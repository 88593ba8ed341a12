import { spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE_HOOK = fileURLToPath(new URL('./report-usage.cjs', import.meta.url));

/** What one child process cost: CPU (user + system, all threads), wall time, peak RSS, and its stdout. */
export interface Usage {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly rssMb: number;
  /** Fresh pages it touched (minor page faults): a count the machine's load does not move, where times do. */
  readonly minorFaults: number;
  readonly stdout: string;
}

/**
 * Runs `node ARGS` once, from the repository's root. Its output goes to /dev/null (as to a file: a
 * slow reader on a pipe would be timed too) unless `keepStdout`.
 */
export function childUsage(args: readonly string[], keepStdout = false): Usage {
  const out = keepStdout ? 'pipe' : openSync('/dev/null', 'w');
  const started = performance.now();
  const child = spawnSync(process.execPath, ['-r', USAGE_HOOK, ...args], { cwd: ROOT, maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', out, 'pipe'] });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`);
  const usage = /@@usage (.*)/.exec(child.stderr);
  if (!usage) throw new Error(`node ${args.join(' ')} reported no usage: ${child.stderr}`);
  const { cpuMs, maxRssKb, minorFaults } = JSON.parse(usage[1]!) as { cpuMs: number; maxRssKb: number; minorFaults: number };
  return { cpuMs, wallMs, rssMb: maxRssKb / 1024, minorFaults, stdout: keepStdout ? child.stdout : '' };
}

/** The best of `runs` runs, figure by figure: on a loaded machine, the least disturbed run is the truest. */
export function bestOf(runs: number, run: () => Usage): Usage {
  return leastOf(Array.from({ length: runs }, run));
}

/** The least of each figure over runs already made (e.g. alternated with another command's). */
export function leastOf(all: readonly Usage[]): Usage {
  const least = (key: 'cpuMs' | 'wallMs' | 'rssMb' | 'minorFaults') => Math.min(...all.map((u) => u[key]));
  return { cpuMs: least('cpuMs'), wallMs: least('wallMs'), rssMb: least('rssMb'), minorFaults: least('minorFaults'), stdout: all[0]!.stdout };
}

/** The machine's load, printed beside every figure: the bench shares the machine. */
export function loadAverage(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`;
}
