import { aldaLiveProgram } from '../../src/cli/program.js';

/** What commander makes of `alda-live ARGS` for `command`: the options its action gets, or undefined if it refuses the line. */
export function commanderOptions<Options>(command: string, args: readonly string[]): Options | undefined {
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
