import * as assert from 'uvu/assert';
import { aldaLiveProgram } from '../../src/cli/program.js';

/** What commander makes of `alda-live ARGS` for `command`: the options its action gets, or undefined if it refuses the line. */
function commanderOptions<Options>(command: string, args: readonly string[]): Options | undefined {
  const program = aldaLiveProgram().exitOverride();
  let options: Options | undefined;
  program.commands.find((each) => each.name() === command)!.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} }).action((given: Options) => {
    options = { ...given };
  });
  try {
    program.parse(['node', 'alda-live', ...args]);
  } catch {
    return undefined;
  }
  return options;
}

/**
 * Holds a reader of command lines that runs without commander (src/cli/plain-parse.ts,
 * plain-play.ts) to commander's reading of `command`: each line of `read` it reads, as commander
 * does; each of `left` it leaves to commander (undefined).
 */
export function assertReadsAsCommander<Options>(
  command: string,
  reader: (args: readonly string[]) => Options | undefined,
  read: readonly (readonly string[])[],
  left: readonly (readonly string[])[],
): void {
  for (const args of read) {
    const plain = reader(args);
    assert.ok(plain, args.join(' '));
    assert.equal(plain, commanderOptions<Options>(command, args), args.join(' '));
  }
  for (const args of left) assert.is(reader(args), undefined, args.join(' '));
}
