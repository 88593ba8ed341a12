/**
 * `node --import ./module-log.mjs …` writes the URL of every module the process resolves, a line
 * each, to the file named by ALDA_LIVE_TEST_MODULE_LOG: what a command really loads, read from
 * the outside. Plain JavaScript, so that Node loads it with no TypeScript loader in the way.
 *
 * This one file is both sides: on the main thread it registers itself as module hooks; on the
 * hooks' thread its `resolve` writes each URL down. The main thread writes down what passes no
 * hook: a script compiled with `vm.Script` (a bundle run with its code cache) as it is compiled,
 * CommonJS files at exit. Without the variable (the test runner loads every file under test/)
 * it does nothing.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';

let log = '';

const file = process.env.ALDA_LIVE_TEST_MODULE_LOG;
if (isMainThread && file) {
  register(import.meta.url, { data: file });
  logScripts(file);
  process.on('exit', () => appendFileSync(file, Object.keys(createRequire(import.meta.url).cache).map((path) => pathToFileURL(path).href + '\n').join('')));
}

/** A bundle run as a script (src/processes/code-cached-bundle.ts) is no module to resolve: its compile is logged instead. */
function logScripts(file) {
  const { Script } = vm;
  vm.Script = class extends Script {
    constructor(code, options) {
      super(code, options);
      if (options?.filename) appendFileSync(file, pathToFileURL(options.filename).href + '\n');
    }
  };
}

export function initialize(file) {
  log = file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(log, resolved.url + '\n');
  return resolved;
}
