/** Exit status of a command line that is not understood, as for most Unix tools. */
export const USAGE_EXIT_CODE = 2;

/**
 * A command line that does not make sense, found once the command runs (`-f` with `-c`, no score
 * at all): said as `error: …`, with exit status 2. Not commander's own InvalidArgumentError, so
 * that a command run without commander (`parse`) does not load it to say so.
 */
export class UsageError extends Error {
  readonly code = 'alda-live.usage';
}

/** A usage error of ours, or commander's (an option value refused from within an action). */
export function isUsageError(error: unknown): error is Error {
  const code: unknown = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && (code === 'alda-live.usage' || code === 'commander.invalidArgument');
}
