import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CodedError } from '../../protocol/coded-error.js';
import { requestedSinks } from './requested-sinks.js';

/** A request names a file outside the directory a remote-reachable server writes to. */
export class WritePathError extends CodedError {
  constructor(message: string) {
    super('ALDA_PATH_NOT_ALLOWED', message);
  }
}

/** Where a server writes the recordings and exports that a remote peer or a page asks for: `STATE_DIR/files`. */
export function remoteFilesDir(stateDir: string): string {
  return join(stateDir, 'files');
}

/** The files a client request asks the server to write: a recording (`sink.record`), an export. */
export function requestedWrites(request: { readonly type: string } & Record<string, unknown>): string[] {
  const paths: unknown[] = requestedSinks(request).map((sink) => sink.record);
  if (request.type === 'job.submit') paths.push((request.do as { path?: unknown }).path);
  if (request.type === 'request' && request.service === 'exporter') paths.push((request.body as { path?: unknown }).path);
  return paths.filter((path): path is string => typeof path === 'string');
}

/**
 * For a server that other machines can reach (`--allow-remote`), and for a page in a browser, the
 * server writes only under `root`: a peer with the token, or a page (whose scripts are the
 * browser's, not the user's shell), may record and export, but not over the user's files. `who`
 * says which, in the error. A path is taken as the server resolves it (relative to its working
 * directory), with the symbolic links of the part that exists followed, so `root/link-to-home/x`
 * is refused too.
 */
export function checkWritePaths(paths: readonly string[], root: string | undefined, who: string): void {
  if (paths.length === 0) return;
  if (root === undefined) throw new WritePathError(`${who} and this server has no state dir, so it writes no files for it`);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const realRoot = realpathSync(root);
  for (const path of paths) {
    const real = realPath(resolve(path));
    const inside = relative(realRoot, real);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw new WritePathError(`${who}, so it writes only under ${root}: ${path} is outside it`);
    }
  }
}

/** `path` with the symbolic links of its longest existing ancestor resolved. */
function realPath(path: string): string {
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  return join(realpathSync(existing), relative(existing, path));
}
