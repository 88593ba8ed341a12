/**
 * The values of a command line made only of `FLAG VALUE` pairs after its command's name, each flag
 * one of `flags` (mapped to its option's name), given at most once and spelled so, and no value
 * that looks like an option: as commander reads such a line (src/cli/plain-parse.ts,
 * src/cli/plain-play.ts). Undefined for any other line, which is commander's to read.
 */
export function plainFlags<Name extends string>(args: readonly string[], flags: Readonly<Record<string, Name>>): Partial<Record<Name, string>> | undefined {
  if (args.length % 2 === 0) return undefined;
  const given: Partial<Record<Name, string>> = {};
  for (let i = 1; i < args.length; i += 2) {
    // Own keys only: `constructor` is no flag of ours.
    const flag = Object.hasOwn(flags, args[i]!) ? flags[args[i]!] : undefined;
    const value = args[i + 1]!;
    if (flag === undefined || given[flag] !== undefined || value.startsWith('-')) return undefined;
    given[flag] = value;
  }
  return given;
}
