/**
 * `node --import ./module-log.mjs …` writes the URL of every module the process resolves, a line
 * each, to the file named by ALDA_LIVE_TEST_MODULE_LOG: what a command really loads, read from
 * the outside. Plain JavaScript, so that Node loads it with no TypeScript loader in the way.
 *
 * This one file is both sides: on the main thread it registers itself as module hooks; on the
 * hooks' thread its `resolve` writes each URL down. Without the variable (the test runner loads
 * every file under test/) it does nothing.
 */
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

let log = '';

const file = process.env.ALDA_LIVE_TEST_MODULE_LOG;
if (isMainThread && file) register(import.meta.url, { data: file });

export function initialize(file) {
  log = file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(log, resolved.url + '\n');
  return resolved;
}
