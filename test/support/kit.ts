import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The built command line (`npm test` builds dist/ first). */
export const cli = resolve(import.meta.dirname, '../../bin/alda-live.js');

/** Runs `alda-live conformance ARGS`: its exit code and its scorecard (fails past `timeout` ms). */
export function conformance(args: readonly string[], timeout = 120_000, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, 'conformance', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.stderr.on('data', (data: Buffer) => (out += data.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`conformance ${args.join(' ')} ran past ${timeout / 1000} s:\n${out}`));
    }, timeout);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, out });
    });
  });
}
