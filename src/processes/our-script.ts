import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How to run one of our modules as a script: with the flags this process was started with, so
 * that the child runs from sources under tsx when we do, and from dist/ otherwise.
 */
export function ourScript(relative: string, from: string): { command: string; args: string[] } {
  const ext = extname(fileURLToPath(from));
  const path = fileURLToPath(new URL(`${relative}${ext}`, from));
  return { command: process.execPath, args: [...process.execArgv, path] };
}
