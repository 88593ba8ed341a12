import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** Where the build writes V8's code cache of a CommonJS bundle: beside it (scripts/bundle-cli.mjs). */
export const codeCacheOf = (bundle: string): string => `${bundle}.v8-cache`;

/**
 * Runs a CommonJS bundle of the build and returns its exports, compiled with the V8 code cache
 * written beside it at build time: its functions' bytecode is read rather than compiled from the
 * source (Node 20 caches no ES module's code, so a command that runs once and exits compiles
 * everything it runs anew each time). V8 checks the cache itself, and compiles from the source as
 * if there were none when it was written by another version of V8, with other V8 flags, or for a
 * source of another length; a cache that cannot be read is no cache at all.
 *
 * The build writes the bundle already wrapped (`wrap`), so that it is compiled as read: wrapping
 * it here made V8 copy the whole source into one string before compiling it (parse's bundle
 * 0.2 MB, ≈56 fresh pages at every `parse`; the server's 1 MB, ≈250 at every start).
 */
export function requireCodeCached(url: URL): unknown {
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'latin1');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(codeCacheOf(file));
  } catch {
    cachedData = undefined;
  }
  const script = new Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  (script.runInThisContext() as CommonJsWrapper)(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

type CommonJsWrapper = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/** The function a CommonJS module's source runs in, as Node wraps it: what the build writes a code-cached bundle as. */
export const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
