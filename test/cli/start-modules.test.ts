import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeStateDir } from '../support/state-dir.js';

const BIN = fileURLToPath(new URL('../../bin/alda-live.js', import.meta.url));
const PERFORMER = fileURLToPath(new URL('../../dist/performer/start.cjs', import.meta.url));
const MODULE_LOG = fileURLToPath(new URL('../support/module-log.mjs', import.meta.url));

/** The packages of the protocol and the client, which a command that talks to no server must not load (issue 17: start). */
const CLIENT_PACKAGES = /(^|\/)node_modules\/(zod|ws)\//;

/**
 * The modules `node SCRIPT ARGS` loads (by default `alda-live ARGS`, as the real binary runs):
 * each file it resolves, and for a file of the bundle, the modules bundled into it (its source
 * map's sources, as paths, where a resolved file is a `file:` URL).
 */
function modulesLoaded(args: readonly string[], { script = BIN, status = 0 } = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-modules-'));
  try {
    const log = join(dir, 'modules.txt');
    const result = spawnSync(process.execPath, ['--import', MODULE_LOG, script, ...args], {
      encoding: 'utf8',
      input: '',
      timeout: 30_000,
      env: { ...process.env, ALDA_LIVE_TEST_MODULE_LOG: log, ALDA_LIVE_STATE_DIR: dir },
    });
    assert.is(result.status, status, result.stderr);
    const files = readFileSync(log, 'utf8').split('\n').filter((url) => url !== '');
    return files.flatMap((url) => [url, ...bundledSources(url)]);
  } finally {
    // A play's server, if one started, goes with its state dir (its performers follow it).
    removeStateDir(dir);
  }
}

function bundledSources(url: string): string[] {
  const map = url.startsWith('file:') ? `${fileURLToPath(url)}.map` : '';
  return map !== '' && existsSync(map) ? (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources : [];
}

for (const args of [['parse', '-c', 'piano: c'], ['--help']]) {
  test(`\`${args.join(' ')}\` loads neither zod nor ws`, () => {
    const loaded = modulesLoaded(args);
    assert.ok(loaded.some((url) => url.endsWith('src/cli/start.ts')), `the log holds what was loaded: ${loaded.join(' ')}`);
    assert.equal(loaded.filter((url) => CLIENT_PACKAGES.test(url)), []);
  });
}

test('the performer loads no package at start: JZZ only once it opens a MIDI port; the audio library is bundled, its addon loaded once it looks for a device', () => {
  // With no server to connect to, it stops where its first session would begin: what it loaded is what every spare holds.
  const loaded = modulesLoaded([], { script: PERFORMER, status: 1 });
  assert.ok(loaded.some((url) => url.endsWith('src/performer/performer-process.ts')), `the log holds what was loaded: ${loaded.join(' ')}`);
  assert.equal(loaded.filter((url) => url.startsWith('file:') && url.includes('/node_modules/')), []);
});

test("the performer loads neither tls, https nor zlib at start: ws wants them only for `wss:` and compression, which nothing of ours uses", () => {
  const hook = `data:text/javascript,process.on('exit', () => process.stderr.write('@@builtins ' + process.moduleLoadList.join(',')))`;
  const result = spawnSync(process.execPath, ['--import', hook, PERFORMER], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ALDA_LIVE_STATE_DIR: tmpdir() + '/alda-live-no-state' } });
  const builtins = /@@builtins (.*)/.exec(result.stderr)?.[1]?.split(',') ?? [];
  assert.ok(builtins.includes('NativeModule net'), `the list holds what was loaded: ${result.stderr}`);
  assert.equal(builtins.filter((name) => /^NativeModule (tls|https|zlib)$/.test(name)), []);
});

test('the performer bundles the audio library, and it finds its native addon where the package is installed', async () => {
  if (process.platform !== 'linux') return;
  // A server that is not there: the performer looks for an audio device at start all the same.
  const performer = spawn(process.execPath, [PERFORMER, '--connect', 'ws://127.0.0.1:9'], { env: { ...process.env, ALDA_LIVE_TOKEN: 't' }, stdio: 'ignore' });
  try {
    const deadline = Date.now() + 20_000;
    const addonMapped = () => readFileSync(`/proc/${performer.pid}/maps`, 'utf8').includes('/node_modules/@echogarden/audio-io/addons/bin/');
    while (!addonMapped() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(addonMapped(), 'the addon was loaded');
  } finally {
    performer.kill('SIGKILL');
  }
});

test('the bundles are ASCII: V8 keeps a source with a single character past Latin-1 at two bytes a character', () => {
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  const bundles = [PERFORMER, join(dist, 'performer', 'bundled-performer.cjs'), join(dist, 'server', 'entry.cjs'), ...readdirSync(join(dist, 'server')).filter((f) => f.startsWith('bundled-') && (f.endsWith('.js') || f.endsWith('.cjs'))).map((f) => join(dist, 'server', f)), join(dist, 'server', 'session', 'score-thread.js'), ...readdirSync(join(dist, 'bundle')).filter((f) => f.endsWith('.js') || f.endsWith('.cjs')).map((f) => join(dist, 'bundle', f))];
  for (const bundle of bundles) assert.not.match(readFileSync(bundle, 'utf8'), /[^\x00-\x7f]/, bundle);
});

test('`--help` to a pipe loads neither commander nor the commands: the build wrote its text', () => {
  const loaded = modulesLoaded(['--help']);
  assert.ok(loaded.some((url) => url.endsWith('src/cli/start.ts')), `the log holds what was loaded: ${loaded.join(' ')}`);
  assert.equal(loaded.filter((url) => /node_modules\/commander\/|src\/cli\/[\w-]+-command\.ts$|src\/cli\/program\.ts$/.test(url)), []);
});

/** Node's own modules `alda-live ARGS` loads, as Node names them ('NativeModule v8'), the binary required as node would run it. */
function builtinsLoaded(args: readonly string[]): string[] {
  const run = `process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...${JSON.stringify(args)}];
    process.on('exit', () => require('node:fs').writeSync(2, '@@builtins ' + process.moduleLoadList.join(',')));
    require(${JSON.stringify(BIN)});`;
  const result = spawnSync(process.execPath, ['-e', run], { encoding: 'utf8', timeout: 30_000 });
  assert.is(result.status, 0, result.stderr);
  return /@@builtins (.*)/.exec(result.stderr)?.[1]?.split(',') ?? [];
}

test("`parse` loads node:v8 (which brings Node's streams) only for a score long enough for its compiler flags to matter", () => {
  const short = builtinsLoaded(['parse', '-c', 'piano: c d e']);
  assert.ok(short.includes('NativeModule vm'), `the list holds what was loaded: ${short.join(' ')}`);
  assert.not.ok(short.includes('NativeModule v8'));
  assert.not.ok(short.includes('NativeModule stream'));
  assert.ok(builtinsLoaded(['parse', '-c', `piano: ${'c d e f g a b '.repeat(300)}`]).includes('NativeModule v8'));
});

test('`parse -c` loads neither commander nor the other commands (their options, what those pull in)', () => {
  const loaded = modulesLoaded(['parse', '-c', 'piano: c']);
  assert.ok(loaded.some((url) => url.endsWith('src/engine/compile.ts')), `the log holds what was loaded: ${loaded.join(' ')}`);
  assert.equal(loaded.filter((url) => /node_modules\/commander\/|src\/cli\/[\w-]+-command\.ts$|src\/cli\/program\.ts$/.test(url)), []);
});

test('a plain `play -c` loads neither commander nor the other commands: its server and performer boot beside it meanwhile', () => {
  const loaded = modulesLoaded(['play', '-c', 'piano: r']);
  assert.ok(loaded.some((url) => url.endsWith('src/cli/play-action.ts')), `the log holds what was loaded: ${loaded.join(' ')}`);
  assert.equal(loaded.filter((url) => /node_modules\/commander\/|src\/cli\/[\w-]+-command\.ts$|src\/cli\/program\.ts$/.test(url)), []);
});

test.run();
