import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How to run one of our modules as a script: with the flags this process was started with, so
 * that the child runs from sources under tsx when we do, and from dist/ otherwise; there `built`,
 * where given: the file the build makes to start that process (a CommonJS entry point, which Node
 * starts without its ES module loader: scripts/bundle-cli.mjs), relative to `from` as `relative` is.
 */
export function ourScript(relative: string, from: string, built?: string): { command: string; args: string[] } {
  const ext = extname(fileURLToPath(from));
  const path = fileURLToPath(new URL(ext === '.ts' || built === undefined ? `${relative}${ext}` : built, from));
  return { command: process.execPath, args: [...process.execArgv, path] };
}
