import { fstatSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeStdoutSync } from './write-stdout.js';

/** The command lines that print the program's help and nothing else, as commander reads them. */
const HELP_LINES: readonly string[] = ['--help', '-h', 'help'];

/** Where the build writes what commander prints for `--help` (scripts/bundle-cli.mjs). */
export const BUILT_HELP = new URL('../bundle/help.txt', import.meta.url);

/**
 * `alda-live --help` printed from the text the build took from commander itself, which the test
 * holds equal to what commander prints: without commander, every command's options and Node's ES
 * module loader, that is most of what the line cost (issue 17). Commander fits help to the width
 * of a terminal, which only Node's tty module tells (and it brings net and the streams): to what
 * may be a terminal, or with no text built, the line is commander's. True when printed.
 */
export function printBuiltHelp(args: readonly string[]): boolean {
  if (args.length !== 1 || !HELP_LINES.includes(args[0]!) || mayBeTerminal(1)) return false;
  let text: Buffer;
  try {
    text = readFileSync(fileURLToPath(BUILT_HELP));
  } catch {
    return false;
  }
  writeStdoutSync(text);
  return true;
}

/** A terminal is a character device; /dev/null is one too, told apart by its device number. */
function mayBeTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isCharacterDevice() && stat.rdev !== statSync('/dev/null').rdev;
  } catch {
    return true;
  }
}
