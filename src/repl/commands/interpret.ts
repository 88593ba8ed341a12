import type { CommandContext } from './command.js';
import { liveInput } from './live-commands.js';
import { COMMANDS } from './registry.js';

/** Words that leave the REPL without a colon, as in Alda. */
const QUIT_WORDS = new Set(['quit', 'exit', 'bye']);

/**
 * One input at the prompt: a `:command`, a quit word, or Alda to evaluate and play. Every
 * outcome goes to `context.print`; nothing a user types makes this throw.
 */
export async function interpret(input: string, context: CommandContext): Promise<void> {
  const trimmed = input.trim();
  if (trimmed === '') return;
  if (QUIT_WORDS.has(trimmed)) return context.quit();
  const command = /^:(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (command) {
    const found = COMMANDS.find((c) => c.name === command[1]);
    if (!found) return context.print({ kind: 'error', error: { message: `Unknown command :${command[1]}; :help lists them` } });
    try {
      await found.run(command[2]!.trim(), context);
    } catch (error) {
      context.print({ kind: 'error', error: failure(error) });
    }
    return;
  }
  if (context.session.live.on) return liveInput(input, context);
  // Alda is answered by its sound; only an error is printed.
  const outcome = await context.session.evaluate(input);
  if (!outcome.ok) context.print({ kind: 'error', error: outcome.error });
}

/** An error a command did not expect: a user's (with a code) or, otherwise, a bug, said so. */
function failure(error: unknown): { message: string; code?: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (error instanceof Error && typeof code === 'string') return { message: error.message, code };
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { message: `Oops! Something went wrong. This is a bug in alda-live; please report it.\n${detail}` };
}
