import { stripVTControlCharacters } from 'node:util';
import { join } from 'node:path';
import { connect } from '../../src/client/client.js';
import type { CommandContext } from '../../src/repl/commands/command.js';
import { LiveSession } from '../../src/repl/live-session.js';
import type { Entry } from '../../src/repl/transcript.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { testServer } from '../pipeline/harness.js';

/** A real server on the real engine, in a fresh state dir, spawning real performers. */
export const engineServer = (dir?: string) => testServer({ newScore: () => new EngineScore(), ...(dir ? { stateDir: dir } : {}) });

/** A REPL session on the server of `dir`, recording what it plays to `record`. */
export function replSession(dir: string, session: string, record = join(dir, `${session}.jsonl`)): LiveSession {
  return new LiveSession({ session, connect: () => connect({ stateDir: dir, start: false }), sink: { record }, retryDelay: 50 });
}

/** A command context that keeps what is printed, and notes a quit. */
export function collecting(session: LiveSession, cwd: string): CommandContext & { entries: Entry[]; quitted: boolean } {
  const context = {
    session,
    cwd,
    entries: [] as Entry[],
    quitted: false,
    lastFile: undefined as string | undefined,
    print: (entry: Entry) => context.entries.push(entry),
    quit: () => {
      context.quitted = true;
    },
  };
  return context;
}

/** The text of everything printed since `from`. */
export const printed = (entries: readonly Entry[], from = 0): string =>
  entries
    .slice(from)
    .map((entry) => (entry.kind === 'error' ? `error: ${entry.error.message}` : entry.kind === 'input' ? `> ${entry.text}` : entry.text))
    .join('\n');

/** A frame as text: colours (which Ink emits when the runner's environment asks for them) and trailing spaces gone. */
export const plain = (frame: string | undefined): string =>
  stripVTControlCharacters(frame ?? '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
