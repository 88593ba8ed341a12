import { basename } from 'node:path';
import { readScoreFile } from '../engine/score-file.js';
import { connect, describeFailure, RequestError, type Client } from '../client/client.js';
import { freshSession } from '../client/session-names.js';
import type { SinkOptions, TransformStep } from '../protocol/messages.js';
import { SaveWatcher } from '../watch/save-watcher.js';
import { Terminal } from '../watch/terminal.js';
import { reportError } from './report-error.js';
import type { SinkFlags } from './sink-flags.js';
import { sinkOrRefusal } from './sink-options.js';
import { WatchSession } from '../watch/watch-session.js';

export interface WatchOptions extends SinkFlags {
  readonly live?: boolean;
  readonly quant?: string;
  readonly from?: string;
  readonly session?: string;
  readonly transform?: TransformStep[];
}

/** Runs `alda-live watch` (loaded only when that command runs: it brings chokidar and the client). */
export async function runWatch(file: string, options: WatchOptions): Promise<void> {
  const fail = (message: string) => {
    process.stderr.write(message + '\n');
    process.exitCode = 1;
  };
  let text: string;
  try {
    text = readScoreFile(file);
  } catch (error) {
    return reportError(error);
  }
  const sink = sinkOrRefusal(options);
  if (!sink) return;
  const session = options.session ?? freshSession(`watch-${basename(file)}`);
  const terminal = new Terminal();
  const watching = new WatchSession({
    connect: () => connect(),
    session,
    file,
    live: options.live ?? false,
    quant: options.quant,
    from: options.from,
    transform: options.transform,
    sink,
    terminal,
  });
  try {
    const client = await watching.open();
    if (options.session !== undefined) {
      const joined = await joinSession(client, session, sink);
      if (joined) terminal.line(joined);
    }
  } catch (error) {
    await watching.close();
    return fail(describeFailure(error));
  }
  const watcher = await SaveWatcher.open({
    file,
    onSave: (saved) => void watching.reload(saved),
    onProblem: (message) => terminal.line(message),
  });
  terminal.line(`Watching ${file} in session ${session}; Ctrl-C to stop`);
  await watching.reload(text);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await watcher.close();
  await watching.close();
}

/** Joins a session named with --session: what to say of it, or undefined if it is new. Refused when it plays through another sink. */
async function joinSession(client: Client, session: string, sink: SinkOptions): Promise<string | undefined> {
  try {
    const joined = await client.request('join', { session, sink });
    return `Joined session ${session} (${joined.events} notes so far)`;
  } catch (error) {
    if (error instanceof RequestError && error.code === 'ALDA_NO_SUCH_SESSION') return undefined;
    throw error;
  }
}
