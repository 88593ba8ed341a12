import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireCodeCached } from '../processes/code-cached-bundle.js';

type RunServerModule = typeof import('./run-server.js');

/**
 * The server's code past its head start (src/server/entry.ts): in the build, one CommonJS file
 * run with the V8 code cache written beside it (scripts/bundle-cli.mjs), as `parse`'s action is:
 * compiling its megabyte of source anew at every start was most of the time between listening
 * and ready. From sources (under tsx, as the tests run a server), the modules themselves.
 */
export function loadRunServer(): RunServerModule | Promise<RunServerModule> {
  if (extname(fileURLToPath(import.meta.url)) === '.ts') return import('./run-server.js');
  return requireCodeCached(new URL('./bundled-run-server.cjs', import.meta.url)) as RunServerModule;
}
