import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitFor } from '../pipeline/harness.js';
import { codeCacheOf, wrap } from '../../src/processes/code-cached-bundle.js';
import { readServerState } from '../../src/protocol/state-file.js';
import { removeStateDir } from '../support/state-dir.js';

/** The server's code past its head start, as the build writes it (scripts/bundle-cli.mjs): `npm test` builds dist/ first. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'server', 'bundled-run-server.cjs');

test("the build's code cache of the server's bundle is one this node takes (compiled as the loader compiles it)", () => {
  const script = new Script(readFileSync(BUNDLE, 'latin1'), { filename: BUNDLE, cachedData: readFileSync(codeCacheOf(BUNDLE)) });
  assert.is(script.cachedDataRejected, false);
});

/**
 * Whether zod has set up its globals (it does so as its modules are evaluated): checked after the
 * server's bundle loads and after it reads a cold `play`'s eval
 * (`warmUp`, which the build runs too).
 */
const ZOD_LOADED = "Object.keys(globalThis).some((key) => key.startsWith('__zod'))";

test("the server's bundle loads, and reads a cold play's eval, without evaluating zod (issue 17: cold start)", () => {
  // Loaded as the server loads it: the build writes the bundle already wrapped as Node wraps a module.
  const script = `
    const { requireCodeCached } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'processes', 'code-cached-bundle.js')).href)});
    const bundle = requireCodeCached(new URL(${JSON.stringify(pathToFileURL(BUNDLE).href)}));
    const before = ${ZOD_LOADED};
    await bundle.warmUp();
    console.log(JSON.stringify({ before, afterWarmUp: ${ZOD_LOADED} }));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.is(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout), { before: false, afterWarmUp: false });
});

/** Starts the server of the build copied to `copy` (held by no client: no performer), waits for its state file, and stops it. */
async function serverStarts(copy: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-bundle-state-'));
  const server = spawn(process.execPath, [join(copy, 'dist', 'server', 'entry.cjs'), '--port', '0', '--spares', '0'], {
    env: { ...process.env, ALDA_LIVE_STATE_DIR: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(server, 'exit');
  try {
    const state = await waitFor("the server's state file", () => {
      if (server.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
      return readServerState(dir);
    }, 30_000);
    assert.is(state.pid, server.pid);
    server.kill('SIGTERM');
    await exited;
  } finally {
    server.kill('SIGKILL');
    removeStateDir(dir);
  }
}

test('without its code cache, or with one V8 refuses, the server starts all the same', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'alda-live-bundle-'));
  try {
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const cache = codeCacheOf(join(copy, 'dist', 'server', 'bundled-run-server.cjs'));
    rmSync(cache);
    await serverStarts(copy);
    // A cache of another source (V8 checks its length, its own version and the flags).
    writeFileSync(cache, new Script(wrap('module.exports = {};')).createCachedData());
    await serverStarts(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test.run();
