import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * early-launch.ts, one module for the whole process: start.ts launches a play's server before
 * Node's ES module loader starts, and the play action, in the ES modules of main.ts, takes that
 * launch from the same module. In the build it is a CommonJS file of its own,
 * dist/bundle/early-launch.cjs (scripts/bundle-cli.mjs), required where it is needed: a `parse`
 * or `--help` reads none of it (node:child_process, with net and the streams); from sources
 * (under tsx), the module itself.
 */
export function loadEarlyLaunch(): typeof import('./early-launch.js') {
  const fromSources = extname(fileURLToPath(import.meta.url)) === '.ts';
  return createRequire(import.meta.url)(fromSources ? './early-launch.ts' : '../bundle/early-launch.cjs') as typeof import('./early-launch.js');
}
