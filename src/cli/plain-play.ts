import type { PlayOptions } from './play-action.js';
import { plainFlags } from './plain-flags.js';

const FLAGS: Readonly<Record<string, 'code' | 'file' | 'record'>> = { '-c': 'code', '--code': 'code', '-f': 'file', '--file': 'file', '--record': 'record' };

/**
 * `alda-live play` given only `-c CODE` or `-f FILE`, and `--record FILE`, each at most once and
 * spelled so, as commander would read it (test/cli/plain-play.test.ts holds the two together): a
 * cold play then starts without Node's ES module loader, commander and every other command's
 * options, whose CPU its server and performer, booting beside it, were waiting for (issue 17). Any
 * other command line is undefined, and left to commander, as plainParse leaves it.
 */
export function plainPlay(args: readonly string[]): PlayOptions | undefined {
  const given = args[0] === 'play' ? plainFlags(args, FLAGS) : undefined;
  return given === undefined || (given.code !== undefined && given.file !== undefined) ? undefined : given;
}
