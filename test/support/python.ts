import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AldaServer } from '../../src/server/server.js';
import { waitFor } from '../pipeline/harness.js';

/** plugins/, where the components written in other languages live. */
export const PLUGINS = fileURLToPath(new URL('../../plugins/', import.meta.url));

/**
 * A Python 3 that imports `modules`: `$ALDA_LIVE_PYTHON`, `python3` on the PATH, or Debian's own
 * (`/usr/bin/python3`, where apt puts python3-websockets even when the PATH leads to another).
 */
export function findPython(modules: readonly string[]): string | undefined {
  const candidates = [process.env.ALDA_LIVE_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  return candidates.find((python) => spawnSync(python, ['-c', modules.map((m) => `import ${m}`).join('; ') || 'pass'], { stdio: 'ignore', timeout: 30_000 }).status === 0);
}

/**
 * The Python a plugin's test runs with; without one, outside CI, the test file says in one line
 * why it is skipped; in CI (which installs it, .ci/run) that is a failure.
 */
export function pythonFor(test: string, modules: readonly string[], packages: string): string | undefined {
  const python = findPython(modules);
  if (python) return python;
  const why = `${test} needs Python 3 with ${modules.join(', ')}: apt-get install ${packages}`;
  if (process.env.CI) throw new Error(`${why} (.ci/run does)`);
  console.log(`skipped: ${why}`);
  return undefined;
}

/**
 * The environment in which `python3`, as the plugins' manifests run it, is `python`: its folder
 * first on the PATH (Debian's /usr/bin when another python3 comes first).
 */
export function pathFor(python: string): NodeJS.ProcessEnv {
  return isAbsolute(python) ? { ...process.env, PATH: `${dirname(python)}${delimiter}${process.env.PATH ?? ''}` } : process.env;
}

/** A plugin's Python process; its stderr lines are kept for a test's failure message. */
export interface PythonProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  /** Ends it (SIGTERM, then SIGKILL after 3 s) and waits for it. */
  stop(): Promise<void>;
}

export function startPython(python: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): PythonProcess {
  const child = spawn(python, ['-u', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // Whatever happens to the test, the plugin does not outlive it.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  return {
    child,
    lines,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', kill);
    },
  };
}

/**
 * A performer of plugins/ started by hand as a user would, with its manifest's `--url` and
 * `--token-file` (the token written to `dir`), once the server has it as an idle performer.
 */
export async function attachPerformer(python: string, script: string, server: AldaServer, dir: string, worker: string, args: readonly string[] = []): Promise<PythonProcess> {
  const tokenFile = join(dir, `${worker}.token`);
  writeFileSync(tokenFile, server.token, { mode: 0o600 });
  const performer = startPython(python, [join(PLUGINS, script), '--url', server.url, '--token-file', tokenFile, '--worker', worker, ...args]);
  await waitFor(
    `${script} to be ready (it says: ${performer.lines.join(' | ')})`,
    () => server.pool.workers.find((w) => w.id === worker && w.state === 'spare' && w.socket),
    30_000,
  );
  return performer;
}
