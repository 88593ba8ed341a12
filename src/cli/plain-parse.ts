import type { ParseOptions } from './parse-action.js';
import { plainFlags } from './plain-flags.js';

const FLAGS: Readonly<Record<string, 'code' | 'file' | 'output'>> = { '-c': 'code', '--code': 'code', '-f': 'file', '--file': 'file', '-o': 'output', '--output': 'output' };
const OUTPUTS: readonly string[] = ['data', 'events', 'forms'] satisfies ParseOptions['output'][];

/**
 * `alda-live parse` given only `-c CODE`, `-f FILE` and `-o data|events|forms`, each at most once
 * and spelled so, as commander would read it (test/cli/plain-parse.test.ts holds the two
 * together): the command run most often then starts without reading commander and every other
 * command's options (issue 17). Any other command line is undefined, and left to commander: help,
 * `--code=…`, a value that looks like an option, a bad format, `-c` with `-f`.
 */
export function plainParse(args: readonly string[]): ParseOptions | undefined {
  const given = args[0] === 'parse' ? plainFlags(args, FLAGS) : undefined;
  if (given === undefined) return undefined;
  const output = given.output ?? 'data';
  if (!OUTPUTS.includes(output) || (given.code !== undefined && given.file !== undefined)) return undefined;
  return { ...given, output: output as ParseOptions['output'] };
}
