import { resolve } from 'node:path';
import { connect, ConnectionError, describeFailure, RequestError, type Client } from '../client/client.js';
import { freshSession } from '../client/session-names.js';
import { reportError } from './report-error.js';
import { readScoreInput, type ScoreInput, type ScoreInputOptions } from './score-input.js';

export interface PlayOptions extends ScoreInputOptions {
  readonly from?: string;
  readonly to?: string;
  readonly port?: string;
  readonly record?: string;
  readonly wait?: boolean;
}

/** The exit status of a command ended by Ctrl-C, as shells report it. */
const INTERRUPTED = 130;

/** Runs `alda-live play` (loaded only when that command runs; the engine comes only when no server is running to check the score). */
export async function runPlay(options: PlayOptions): Promise<void> {
  let input: ScoreInput | undefined;
  let client: Client;
  try {
    input = readScoreInput(options);
    client = await connectChecking(input, options);
  } catch (error) {
    if (error instanceof ConnectionError) {
      process.stderr.write(describeFailure(error) + '\n');
      process.exitCode = 1;
    } else reportError(error, input?.text, input?.name);
    return;
  }
  const record = options.record ?? (process.env.ALDA_LIVE_RECORD || undefined);
  const session = freshSession('play');
  try {
    // Ctrl-C from here on silences what this command started (once it is scheduled), as the REPL and `watch` do.
    const interrupted = new Promise<'interrupted'>((settle) => process.once('SIGINT', () => settle('interrupted')));
    let wasInterrupted = false;
    void interrupted.then(() => (wasInterrupted = true));
    try {
      const result = await client.request(
        'eval',
        {
          session,
          code: input.text,
          name: input.name,
          from: options.from,
          to: options.to,
          oneShot: true,
          sink: { port: options.port, record: record === undefined ? undefined : resolve(record) },
        },
        // Evaluating a big score, or waiting for the first performer of a server just started,
        // takes a while; a retry would only wait for the same answer.
        { timeout: 10_000 + input.text.length / 100 },
      );
      for (const notice of result.notices ?? []) process.stderr.write(notice + '\n');
      while (options.wait && !wasInterrupted) {
        const waiting = client.request('wait', { session });
        // Answered or not, it is not awaited once Ctrl-C comes: its failure when the client closes is no news.
        waiting.catch(() => {});
        const outcome = await Promise.race([waiting, interrupted]);
        if (outcome !== 'interrupted' && outcome.done) break;
      }
      if (wasInterrupted) {
        await client.request('stop', { session }).catch(() => {});
        process.exitCode = INTERRUPTED;
      }
    } finally {
      client.close();
    }
  } catch (error) {
    // The score refused (the server's message is the engine's): printed as if checked here.
    if (error instanceof RequestError && (error.span || error.code === 'ALDA_BAD_OFFSET_REFERENCE')) {
      reportError(error, input.text, input.name);
      return;
    }
    process.stderr.write(describeFailure(error) + '\n');
    process.exitCode = 1;
  }
}

/**
 * A running server checks the score itself, with the same message: evaluating a big score here
 * too would double the wait for its first note. With none running, the score is checked here
 * first, so that one the server would refuse starts no server.
 */
async function connectChecking(input: ScoreInput, options: PlayOptions): Promise<Client> {
  try {
    return await connect({ start: false });
  } catch (error) {
    if (!(error instanceof ConnectionError && error.code === 'ALDA_NO_SERVER')) throw error;
  }
  const { scoreInRange } = await import('../engine/score-range.js');
  scoreInRange(input.text, input.name, { from: options.from, to: options.to });
  return connect();
}
