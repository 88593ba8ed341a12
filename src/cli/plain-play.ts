import type { PlayOptions } from './play-action.js';

const FLAGS: Readonly<Record<string, 'code' | 'file' | 'record'>> = { '-c': 'code', '--code': 'code', '-f': 'file', '--file': 'file', '--record': 'record' };

/**
 * `alda-live play` given only `-c CODE` or `-f FILE`, and `--record FILE`, each at most once and
 * spelled so, as commander would read it (test/cli/plain-play.test.ts holds the two together): a
 * cold play then starts without Node's ES module loader, commander and every other command's
 * options, whose CPU its server and performer, booting beside it, were waiting for (issue 17). Any
 * other command line is undefined, and left to commander, as plainParse leaves it.
 */
export function plainPlay(args: readonly string[]): PlayOptions | undefined {
  if (args[0] !== 'play' || args.length % 2 === 0) return undefined;
  const given: { code?: string; file?: string; record?: string } = {};
  for (let i = 1; i < args.length; i += 2) {
    const flag = FLAGS[args[i]!];
    const value = args[i + 1]!;
    if (flag === undefined || given[flag] !== undefined || value.startsWith('-')) return undefined;
    given[flag] = value;
  }
  return given.code !== undefined && given.file !== undefined ? undefined : given;
}
