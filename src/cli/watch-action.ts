import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseQuant, QuantError } from '../live/quant.js';
import { connect, describeFailure } from '../client/client.js';
import { SaveWatcher } from '../watch/save-watcher.js';
import { Terminal } from '../watch/terminal.js';
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
  if (options.quant !== undefined) {
    if (!options.live) return fail('error: --quant is for --live');
    try {
      parseQuant(options.quant);
    } catch (error) {
      if (error instanceof QuantError) return fail(`error: ${error.message}`);
      throw error;
    }
  }
  if (options.from !== undefined && options.live) return fail('error: --from is not for --live (loops start from their top)');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`Cannot read ${file}: ${(error as Error).message}`);
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
    session: options.session ?? sessionFor(file),
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

/** A session name from a file name, within the protocol's 1–64 of A–Z a–z 0–9 . _ - */
function sessionFor(file: string): string {
  return `watch-${basename(file).replace(/[^A-Za-z0-9._-]/g, '_')}`.slice(0, 64);
}
