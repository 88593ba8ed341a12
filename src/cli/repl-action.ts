import { render } from 'ink';
import { createElement } from 'react';
import App from '../repl/app/App.js';
import { connect, describeFailure } from '../client/client.js';
import { freshSession } from '../client/session-names.js';
import { History, historyFile } from '../repl/history.js';
import { LiveSession } from '../repl/live-session.js';
import { stateDir } from '../protocol/state-file.js';
import { VERSION } from '../version.js';
import type { SinkFlags } from './sink-flags.js';
import { sinkOrRefusal } from './sink-options.js';

export interface ReplOptions extends SinkFlags {
  /** The session to join; without it, a fresh one. */
  readonly session?: string;
}

/** Runs `alda-live repl` (loaded only when that command runs: it brings Ink and React). */
export async function runRepl(options: ReplOptions): Promise<void> {
  if (!process.stdin.isTTY) {
    process.stderr.write('error: the REPL needs a terminal; to play a file, use `alda-live play -f FILE`\n');
    process.exitCode = 1;
    return;
  }
  const sink = sinkOrRefusal(options);
  if (!sink) return;
  const dir = stateDir();
  const session = new LiveSession({
    session: options.session ?? freshSession('repl'),
    connect: () => connect({ stateDir: dir }),
    sink,
  });
  let joined: string | undefined;
  try {
    joined = await session.open();
  } catch (error) {
    session.close();
    process.stderr.write(describeFailure(error) + '\n');
    process.exitCode = 1;
    return;
  }
  const greeting = [`alda-live ${VERSION} · session ${session.name} · :help lists the commands, Ctrl-D quits`, joined].filter(Boolean).join('\n');
  const app = render(createElement(App, { session, history: new History(historyFile(dir)), cwd: process.cwd(), greeting }), {
    exitOnCtrlC: false,
  });
  await app.waitUntilExit();
  session.close();
}
