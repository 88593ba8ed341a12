import { resolve } from 'node:path';
import { readScoreFile } from '../engine/score-file.js';
import { connect, describeFailure } from '../client/client.js';
import { sessionForFile } from '../client/file-session.js';
import { SaveWatcher } from '../watch/save-watcher.js';
import { Terminal } from '../watch/terminal.js';
import { reportError } from './report-error.js';
import { WatchSession } from '../watch/watch-session.js';

export interface WatchOptions {
  readonly live?: boolean;
  readonly quant?: string;
  readonly from?: string;
  readonly session?: string;
  readonly port?: string;
  readonly record?: string;
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
  const record = options.record ?? (process.env.ALDA_LIVE_RECORD || undefined);
  const terminal = new Terminal();
  let client;
  try {
    client = await connect();
  } catch (error) {
    return fail(describeFailure(error));
  }
  const watching = new WatchSession({
    client,
    session: options.session ?? sessionForFile(file),
    file,
    live: options.live ?? false,
    quant: options.quant,
    from: options.from,
    sink: { port: options.port, record: record === undefined ? undefined : resolve(record) },
    terminal,
  });
  const watcher = await SaveWatcher.open({
    file,
    onSave: (saved) => void watching.reload(saved),
    onProblem: (message) => terminal.line(message),
  });
  terminal.line(`Watching ${file}; Ctrl-C to stop`);
  await watching.reload(text);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await watcher.close();
  await watching.close();
  client.close();
}
