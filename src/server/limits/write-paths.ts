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

/** Where a server started with `--allow-remote` writes recordings and exports: `STATE_DIR/files`. */
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
 * A server that other machines can reach (`--allow-remote`) writes only under `root`: a peer
 * with the token may record and export, but not over the user's files. A path is taken as the
 * server resolves it (relative to its working directory), with the symbolic links of the part
 * that exists followed, so `root/link-to-home/x` is refused too.
 */
export function checkWritePaths(paths: readonly string[], root: string | undefined): void {
  if (paths.length === 0) return;
  if (root === undefined) throw new WritePathError('This server takes remote connections (--allow-remote) and has no state dir, so it writes no files');
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const realRoot = realpathSync(root);
  for (const path of paths) {
    const real = realPath(resolve(path));
    const inside = relative(realRoot, real);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw new WritePathError(`This server takes remote connections (--allow-remote), so it writes only under ${root}: ${path} is outside it`);
    }
  }
}

/** `path` with the symbolic links of its longest existing ancestor resolved. */
function realPath(path: string): string {
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  return join(realpathSync(existing), relative(existing, path));
}
