import type { LiveSession, Outcome } from '../live-session.js';
import type { Print } from '../transcript.js';

/** What a command can reach: the session, the transcript, and the REPL around it. */
export interface CommandContext {
  readonly session: LiveSession;
  readonly print: Print;
  /** Relative file names are read and written from here. */
  readonly cwd: string;
  /** Ends the REPL. */
  quit(): void;
  /** The file last loaded or saved: `:load` and `:save` without an argument use it. */
  lastFile: string | undefined;
}

/** A `:command` of the REPL, with its help. */
export interface ReplCommand {
  readonly name: string;
  /** E.g. `:play [from X] [to Y]`. */
  readonly usage: string;
  readonly summary: string;
  /** Shown by `:help NAME`. */
  readonly details?: string;
  /** Words its first argument can be, for Tab. */
  readonly arguments?: readonly string[];
  run(args: string, context: CommandContext): Promise<void>;
}

export const say = (context: CommandContext, text: string): void => context.print({ kind: 'output', text });

export const fail = (context: CommandContext, message: string, code?: string): void =>
  context.print({ kind: 'error', error: { message, code } });

/** Prints a failed outcome; true when it succeeded. */
export function reported(context: CommandContext, outcome: Outcome): boolean {
  if (!outcome.ok) context.print({ kind: 'error', error: outcome.error });
  return outcome.ok;
}
