/**
 * Bundles what runs in Node (after `tsc`, which still builds every module into dist/):
 *
 * - the command line, into dist/bundle/: what runs first (start.cjs, CommonJS), one file for what
 *   every other command needs, and a chunk per command's action, loaded only when it runs;
 *   `parse`'s action also as one CommonJS file with V8's code cache of it (parse-action.cjs), and
 *   the text of `--help` (help.txt);
 * - the server and the performer, each into a file that takes the place of its entry point
 *   (dist/server/entry.cjs, dist/performer/start.cjs), which is what a client and the server spawn;
 * - the server's score thread likewise (dist/server/session/score-thread.js): started when a
 *   score first needs it, so its start is waited for (a bundle: ≈150 ms less CPU, 4 MB less).
 *
 * Node then reads a handful of files at start instead of hundreds, and parses no CommonJS. The
 * other threads and helper processes (synth worker, …) stay tsc's modules.
 *
 * A bundled module keeps the `import.meta.url` its own dist/ file would have, so what it finds
 * relative to itself (package.json, the performer's entry point) is where it was.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = `${root}src/`;
const manifest = JSON.parse(await readFile(`${root}package.json`, 'utf8'));

/** `import.meta.url` of a source file, as the URL of its compiled file in dist/, seen from a bundle in `outdir`. */
const ownUrl = (outdir) => ({
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\/src\/.*\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const compiled = relative(outdir, `${root}dist/${relative(src, path)}`).replace(/\.ts$/, '.js');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(compiled)}, import.meta.url).href`), loader: 'ts' };
    });
  },
});

/**
 * `import.meta.url` of a file of one of these packages, bundled, as the URL of that file where the
 * package is installed (found from the bundle at run time, as Node would find it: beside us or
 * hoisted), for what the package finds relative to itself (audio-io's native addon).
 */
const installedUrl = (packages) => ({
  name: 'installed-import-meta-url',
  setup(builder) {
    const inPackage = new RegExp(`/node_modules/(${packages.join('|')})/`);
    builder.onLoad({ filter: /\/node_modules\/.*\.js$/ }, async ({ path }) => {
      const name = inPackage.exec(path)?.[1];
      if (name === undefined) return undefined;
      const text = await readFile(path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const root = path.slice(0, path.indexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length);
      const main = JSON.parse(await readFile(`${root}package.json`, 'utf8')).main;
      const own = relative(dirname(`${root}${main}`), path);
      const installed = `installedPathToFileURL(installedRequire(import.meta.url).resolve(${JSON.stringify(name)}))`;
      const imports = "import { createRequire as installedRequire } from 'node:module'; import { pathToFileURL as installedPathToFileURL } from 'node:url';";
      return { contents: `${imports}\n${text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, ${installed}).href`)}`, loader: 'js' };
    });
  },
});

/**
 * The `require` of a bundle's file, for Node's modules and the CommonJS packages bundled
 * (commander's `require('node:events')`), on its first line. A file that requires nothing is
 * left without it (the line stays, empty, for the source map): each is a module made at start.
 */
const REQUIRE = "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);";

/**
 * Node's own modules, `require`d rather than imported. Node answers an ES import of one of them with
 * a facade that reads every export, getters included: importing anything from `node:fs` loads its
 * streams, and all of Node's streams with them, which `parse` never uses. Each line keeps its
 * place and its line breaks, so the source maps hold.
 *
 * What bundled packages require when they load but use only on a path we never or seldom take is
 * required at first use: commander's `node:child_process` (and with it net, dgram, streams), for
 * subcommands that are programs of their own, which we have none of; ws's https, tls and
 * querystring, for wss:// URLs and credentials in a URL, and zlib, for compressed messages, which
 * neither our server nor its clients agree to. Each is code of Node's to read and compile in every
 * process that holds a WebSocket, the server and its performers first (≈0.5 MB each).
 */
function requireBuiltins(code) {
  const required = code
    .replace(/^import (\{[^}]*\}) from ("node:[^"]+");/gm, (_, names, module) => `const ${names.replaceAll(' as ', ': ')} = require(${module});`)
    .replace(/^import (?:\* as )?([\w$]+) from ("node:[^"]+");/gm, (_, name, module) => `const ${name} = require(${module});`)
    .replace(new RegExp(`__require\\(("(?:node:)?${SELDOM_USED}")\\)`, 'g'), (_, module) => requiredAtFirstUse('__require', module));
  const body = required.slice(REQUIRE.length);
  return /\brequire\b/.test(body) ? required : body;
}

/** Node's modules that bundled packages require at load for a path we seldom or never take (`requireBuiltins`). */
const SELDOM_USED = '(?:child_process|https|tls|querystring|zlib)';
const requiredAtFirstUse = (require, module) => `new Proxy({}, { get: (_, key) => ${require}(${module})[key] })`;

/** In a CommonJS bundle, the packages' `require` of the SELDOM_USED modules (ours are `node:` ones, kept as they are), as `requireBuiltins` does. */
const requireSeldomUsedLater = (code) => code.replace(new RegExp(`(?<![\\w$.])require\\(("${SELDOM_USED}")\\)`, 'g'), (_, module) => requiredAtFirstUse('require', module));

/**
 * zod's `z` namespace holds `z.locales`, its error messages in 64 languages (half of what a bundle
 * with zod is to read and compile at every start): only English is ever configured, so only it is
 * bundled.
 */
const englishOnly = {
  name: 'zod-english-only',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer }) =>
      importer.includes('/node_modules/zod/') ? { path: fileURLToPath(new URL('../locales/index.js', `file://${importer}`)), namespace: 'zod-locales' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'zod-locales' }, ({ path }) => ({
      contents: `export { default as en } from ${JSON.stringify(path.replace(/index\.js$/, 'en.js'))};`,
      resolveDir: dirname(path),
    }));
  },
};

/**
 * src/protocol/schemas-on-demand.ts as a `require` of the schemas made at its first call: esbuild
 * then wraps them, and zod, in functions run at that `require`, not as the bundle loads.
 */
const schemasOnDemand = {
  name: 'schemas-on-demand',
  setup(builder) {
    builder.onLoad({ filter: /\/src\/protocol\/schemas-on-demand\.ts$/ }, ({ path }) => ({
      contents: `export const schemas = () => require(${JSON.stringify(path.replace(/schemas-on-demand\.ts$/, 'zod-schemas.ts'))});`,
      loader: 'js',
    }));
  },
};

/** A CommonJS file's `import.meta.url`, for what a module finds relative to itself (strict, as the ES modules it is made of). */
const COMMONJS_IMPORT_META_URL = 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;';

/**
 * Keeps `importer`'s import of `specifier` (a module beside it in dist/) an import, not a copy
 * bundled into it: the module is built, and loaded, apart.
 */
const importedApart = (specifier, importer) => ({
  name: `apart:${specifier}`,
  setup(builder) {
    const filter = new RegExp(`^${specifier.replace(/[.]/g, '\\.')}$`);
    builder.onResolve({ filter }, (args) => (args.importer === importer ? { path: specifier, external: true } : undefined));
  },
});

/**
 * src/cli/start.ts hands every command line but a plain `parse` to main.ts: in its CommonJS
 * bundle that stays an `import()` of the ES module bundle of main.ts beside it, not a copy.
 */
const esModuleMain = importedApart('./main.js', `${src}cli/start.ts`);

/**
 * Non-ASCII characters (in comments: esbuild escapes those of strings) written as escapes. V8 keeps
 * a module's source for its life, as one byte a character only if every character fits in one:
 * a single `→` in a comment doubles the memory the server's bundle takes.
 */
const asciiOnly = (code) => code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Bundles `entryPoints` into `outdir`, with these plain-JS packages in it; the other packages stay
 * in node_modules. `script`: a CommonJS bundle run as a script with its code cache
 * (src/processes/code-cached-bundle.ts), where `import()` has no loader to call (Node 20 offers
 * only an experimental one): its `import()`s of what is not bundled (Node's modules) are written as
 * `require`s.
 */
async function bundle({ entryPoints, outdir, bundled, splitting, chunkNames, format = 'esm', outExtension, plugins = [], script = false }) {
  const esm = format === 'esm';
  const { outputFiles } = await build({
    entryPoints,
    outdir,
    bundle: true,
    splitting,
    chunkNames,
    format,
    outExtension,
    supported: script ? { 'dynamic-import': false } : undefined,
    platform: 'node',
    target: 'node20',
    external: Object.keys(manifest.dependencies).filter((name) => !bundled.includes(name)),
    banner: { js: esm ? REQUIRE : `"use strict"; ${COMMONJS_IMPORT_META_URL}` },
    define: esm ? undefined : { 'import.meta.url': '__importMetaUrl' },
    sourcemap: true,
    logLevel: 'warning',
    plugins: [schemasOnDemand, ownUrl(outdir), englishOnly, installedUrl(bundled), ...(esm ? [] : [esModuleMain]), ...plugins],
    write: false,
  });
  for (const { path, text } of outputFiles) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, path.endsWith('.map') ? text : asciiOnly(esm ? requireBuiltins(text) : requireSeldomUsedLater(text)));
  }
}

/**
 * Makes a CommonJS bundle one that src/processes/code-cached-bundle.ts runs: wrapped as Node wraps
 * a module (it is compiled as read), with V8's code cache of it written beside it, in a node of
 * its own, the random seed fixed so that the same bundle gives the same bytes. By
 * default every function is compiled (`--no-lazy`, for this compile only: the flags are part of
 * what V8 checks a cache against). `loaded`: the bundle's top level is run, then its export
 * `warmUp` if it has one, and the cache holds what that compiled, for a bundle that runs a small
 * part of its code at start (the server's: of a cache of all of it, ≈1.7 MB, reading it back cost
 * more than compiling what runs). `flags`: the V8 flags of the process that will run it.
 */
function makeCodeCached(bundle, { loaded = false, flags = [] } = {}) {
  const write = `
    import { readFileSync, writeFileSync } from 'node:fs';
    import { createRequire } from 'node:module';
    import { dirname } from 'node:path';
    import { setFlagsFromString } from 'node:v8';
    import { Script } from 'node:vm';
    import { codeCacheOf, wrap } from ${JSON.stringify(`${root}dist/processes/code-cached-bundle.js`)};
    const bundle = ${JSON.stringify(bundle)};
    const loaded = ${JSON.stringify(loaded)};
    if (!loaded) setFlagsFromString('--no-lazy');
    const source = wrap(readFileSync(bundle, 'latin1'));
    writeFileSync(bundle, source, 'latin1');
    const script = new Script(source, { filename: bundle });
    setFlagsFromString('--lazy');
    const module = { exports: {} };
    if (loaded) script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
    await module.exports.warmUp?.();
    writeFileSync(codeCacheOf(bundle), script.createCachedData());`;
  const { status } = spawnSync(process.execPath, ['--random-seed=1', ...flags, '--input-type=module', '-e', write], { stdio: 'inherit' });
  if (status !== 0) throw new Error(`no code cache written for ${bundle}`);
}

/**
 * Writes what commander prints for `alda-live --help` where standard output is no terminal (its
 * own output, from the bundle just built) beside the start bundle, which prints it from there
 * (src/cli/built-help.ts).
 */
function writeBuiltHelp() {
  const { status, stdout, stderr } = spawnSync(process.execPath, [`${root}dist/bundle/main.js`, '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (status !== 0) throw new Error(`no help text: ${stderr}`);
  return writeFile(`${root}dist/bundle/help.txt`, stdout);
}

await rm(`${root}dist/bundle/`, { recursive: true, force: true });
/** zod and ws are a hundred modules to read at every start of a command that talks to a server, of the server, of a performer. */
const bundled = ['arcsecond', 'commander', 'zod', 'ws'];
await bundle({ entryPoints: { main: `${src}cli/main.ts` }, outdir: `${root}dist/bundle/`, bundled, splitting: true });
await writeBuiltHelp();
/** What bin/alda-live.js runs first: CommonJS, so that Node starts without its ES module loader. */
await bundle({ entryPoints: { start: `${src}cli/start.ts` }, outdir: `${root}dist/bundle/`, bundled, format: 'cjs', outExtension: { '.js': '.cjs' } });
/** A play's early launch, one module that start.cjs and the play action both require (src/cli/early-launch-bundle.ts). */
await bundle({ entryPoints: { 'early-launch': `${src}cli/early-launch.ts` }, outdir: `${root}dist/bundle/`, bundled, format: 'cjs', outExtension: { '.js': '.cjs' } });
/**
 * `parse`'s action, the command run most often (src/cli/parse-bundle.ts), is one CommonJS file
 * with V8's code cache beside it: Node caches no ES module's code, and of what `parse -o data`
 * of a 100 KB score costs, compiling what it runs was a tenth.
 */
const PARSE_BUNDLE = `${root}dist/bundle/parse-action.cjs`;
await bundle({ entryPoints: { 'parse-action': `${src}cli/parse-action.ts` }, outdir: `${root}dist/bundle/`, bundled, format: 'cjs', outExtension: { '.js': '.cjs' }, script: true });
makeCodeCached(PARSE_BUNDLE);
/** A plain `play`'s action likewise (src/cli/play-bundle.ts): the engine for its check, the client and ws. */
const PLAY_BUNDLE = `${root}dist/bundle/play-action.cjs`;
await bundle({ entryPoints: { 'play-action': `${src}cli/play-action.ts` }, outdir: `${root}dist/bundle/`, bundled, format: 'cjs', outExtension: { '.js': '.cjs' }, script: true });
makeCodeCached(PLAY_BUNDLE);
await bundleServer();
await bundlePerformer();
await bundle({ entryPoints: { 'score-thread': `${src}server/session/score-thread.ts` }, outdir: `${root}dist/server/session/`, bundled, splitting: false });

/**
 * The performer: what a client and the server spawn is its CommonJS start (src/performer/start.ts,
 * dist/performer/start.cjs), which runs the rest, one CommonJS file, bundled-performer.cjs, with
 * V8's code cache of it beside it, written under the performer's V8 flags (V8 takes a cache only
 * under the flags it was made with). A cold `play` waits for the performer started beside its
 * server to connect: Node's ES module loader and compiling its bundle were most of its own time.
 * It also bundles audio-io, which it imports at start to learn whether there is an audio
 * device: as its own modules, Node resolves each of its seventeen files and their package scopes
 * (a hundred file URLs turned into paths), enough to have V8's optimizing compiler compile that
 * path's loop, which maps 3 MB more of node's code into an idle performer.
 */
async function bundlePerformer() {
  const dir = `${root}dist/performer/`;
  const { PERFORMER_V8_FLAGS } = await import(`${root}dist/processes/performer-script.js`);
  await bundle({ entryPoints: { start: `${src}performer/start.ts` }, outdir: dir, bundled, format: 'cjs', outExtension: { '.js': '.cjs' } });
  await bundle({ entryPoints: { 'bundled-performer': `${src}performer/performer-process.ts` }, outdir: dir, bundled: [...bundled, '@echogarden/audio-io'], format: 'cjs', outExtension: { '.js': '.cjs' }, script: true });
  makeCodeCached(`${dir}bundled-performer.cjs`, { loaded: true, flags: PERFORMER_V8_FLAGS });
}

/**
 * The server: its entry point (dist/server/entry.cjs, what a client spawns; CommonJS, so that Node
 * starts it without its ES module loader) does what must come first (src/server/head-start.ts:
 * listen, start or adopt the first performer) and then runs the rest, `runServer` (src/server/run-server-bundle.ts): one CommonJS file, bundled-run-server.cjs,
 * with V8's code cache of it beside it, as `parse`'s action has. Compiling that megabyte anew at
 * every start was most of the time between listening and ready; a code cache is only for a script
 * (Node 20 keeps none of an ES module's). The few modules both need are in each (the pool tells
 * an adopted performer from a spawned one without `instanceof`). Both sit beside tsc's modules in
 * dist/server/ (what they find relative to themselves is there), named apart.
 */
async function bundleServer() {
  /** run-server-bundle.ts imports the modules themselves only when run from sources: in the entry's bundle that stays an import, of nothing bundled. */
  const runServerApart = importedApart('./run-server.js', `${src}server/run-server-bundle.ts`);
  const dir = `${root}dist/server/`;
  const prefix = 'bundled-';
  for (const name of await readdir(dir)) if (name.startsWith(prefix)) await rm(`${dir}${name}`);
  await bundle({ entryPoints: { entry: `${src}server/entry.ts` }, outdir: dir, bundled, format: 'cjs', outExtension: { '.js': '.cjs' }, plugins: [runServerApart] });
  // bencode (the nREPL's wire format) is an ES module only: a CommonJS file cannot require it, so it is bundled.
  await bundle({ entryPoints: { [`${prefix}run-server`]: `${src}server/run-server.ts` }, outdir: dir, bundled: [...bundled, 'bencode'], format: 'cjs', outExtension: { '.js': '.cjs' }, script: true });
  makeCodeCached(`${dir}${prefix}run-server.cjs`, { loaded: true });
}
