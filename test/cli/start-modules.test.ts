import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const BIN = fileURLToPath(new URL('../../bin/alda-live.js', import.meta.url));
const MODULE_LOG = fileURLToPath(new URL('../support/module-log.mjs', import.meta.url));

/** The packages of the protocol and the client, which a command that talks to no server must not load (issue 17: start). */
const CLIENT_PACKAGES = /\/node_modules\/(zod|ws)\//;

/** The modules `alda-live ARGS` resolves, as the real binary runs. */
function modulesLoaded(args: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-modules-'));
  try {
    const log = join(dir, 'modules.txt');
    const result = spawnSync(process.execPath, ['--import', MODULE_LOG, BIN, ...args], {
      encoding: 'utf8',
      input: '',
      timeout: 30_000,
      env: { ...process.env, ALDA_LIVE_TEST_MODULE_LOG: log, ALDA_LIVE_STATE_DIR: dir },
    });
    assert.is(result.status, 0, result.stderr);
    return readFileSync(log, 'utf8').split('\n').filter((url) => url !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const args of [['parse', '-c', 'piano: c'], ['--help']]) {
  test(`\`${args.join(' ')}\` loads neither zod nor ws`, () => {
    const loaded = modulesLoaded(args);
    assert.ok(loaded.some((url) => url.includes('/dist/bundle/main.js')), `the log holds what was loaded: ${loaded.join(' ')}`);
    assert.equal(loaded.filter((url) => CLIENT_PACKAGES.test(url)), []);
  });
}

test.run();
