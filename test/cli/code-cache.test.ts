import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codeCacheOf, wrap } from '../../src/processes/code-cached-bundle.js';
import { PERFORMER_V8_FLAGS } from '../../src/processes/performer-script.js';

const BIN = fileURLToPath(new URL('../../bin/alda-live.js', import.meta.url));
const PARSE_BUNDLE = fileURLToPath(new URL('../../dist/bundle/parse-action.cjs', import.meta.url));
const LOADER = new URL('../../dist/processes/code-cached-bundle.js', import.meta.url).href;
const SCORE = 'piano: o4 c8 d e/g {f g}4 [a b]*2';

test("the build's code cache of parse's bundle is one this node takes (compiled as the loader compiles it)", () => {
  const script = new Script(readFileSync(PARSE_BUNDLE, 'latin1'), { filename: PARSE_BUNDLE, cachedData: readFileSync(codeCacheOf(PARSE_BUNDLE)) });
  assert.is(script.cachedDataRejected, false);
});

test("the build's code cache of the performer's bundle is one node takes under the performer's V8 flags", () => {
  const bundle = fileURLToPath(new URL('../../dist/performer/bundled-performer.cjs', import.meta.url));
  const check = `import { readFileSync } from 'node:fs'; import { Script } from 'node:vm';
    import { codeCacheOf } from ${JSON.stringify(LOADER)};
    const bundle = ${JSON.stringify(bundle)};
    const script = new Script(readFileSync(bundle, 'latin1'), { filename: bundle, cachedData: readFileSync(codeCacheOf(bundle)) });
    process.stdout.write(String(script.cachedDataRejected));`;
  const result = spawnSync(process.execPath, [...PERFORMER_V8_FLAGS, '--input-type=module', '-e', check], { encoding: 'utf8', timeout: 30_000 });
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stdout, 'false');
});

/** `parse -o data -c SCORE` run by the loader from a copy of parse's bundle in `dir`, with whatever cache lies beside it there. */
function parseFromCopy(dir: string): string {
  const bundle = join(dir, 'parse-action.cjs');
  copyFileSync(PARSE_BUNDLE, bundle);
  const run = `const { requireCodeCached } = await import(${JSON.stringify(LOADER)});
    requireCodeCached(new URL(${JSON.stringify(pathToFileURL(bundle).href)})).runParse({ code: ${JSON.stringify(SCORE)}, output: 'data' });`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', run], { encoding: 'utf8', timeout: 30_000 });
  assert.is(result.status, 0, result.stderr);
  return result.stdout;
}

test('without its code cache, or with one V8 refuses, parse prints the same', () => {
  const expected = spawnSync(process.execPath, [BIN, 'parse', '-c', SCORE], { encoding: 'utf8', timeout: 30_000 });
  assert.is(expected.status, 0, expected.stderr);
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-code-cache-'));
  try {
    assert.is(parseFromCopy(dir), expected.stdout);
    // A cache of another source (V8 checks its length, its own version and the flags).
    writeFileSync(codeCacheOf(join(dir, 'parse-action.cjs')), new Script(wrap('module.exports = {};')).createCachedData());
    assert.is(parseFromCopy(dir), expected.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
