import { connect, ConnectionError, describeFailure, RequestError, type Client } from '../client/client.js';
import { freshSession } from '../client/session-names.js';
import type { SinkOptions } from '../protocol/messages.js';
import type { ServerState } from '../protocol/state-file.js';
import type { PlayOptions } from './play-action.js';
import { checkPlayable } from './play-check.js';
import { reportError } from './report-error.js';
import type { ScoreInput } from './score-input.js';

/** The exit status of a command ended by Ctrl-C, as shells report it. */
const INTERRUPTED = 130;

/**
 * Plays a score through the server, `launched` by this command or found running (then it checks
 * the score itself), and with `--wait` waits for the end. The client's half of `play`.
 */
export async function playScore(input: ScoreInput, options: PlayOptions, sink: SinkOptions, launched: Promise<ServerState> | undefined): Promise<void> {
  let client: Client;
  try {
    client = launched ? await connect({ launched }) : await connectChecking(input, options);
  } catch (error) {
    if (error instanceof ConnectionError) {
      process.stderr.write(describeFailure(error) + '\n');
      process.exitCode = 1;
    } else reportError(error, input.text, input.name);
    return;
  }
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
          sink,
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

/** The server of a state file, which checks the score itself; or, if it does not answer, one started once the score is checked here. */
async function connectChecking(input: ScoreInput, options: PlayOptions): Promise<Client> {
  try {
    return await connect({ start: false });
  } catch (error) {
    if (!(error instanceof ConnectionError && error.code === 'ALDA_NO_SERVER')) throw error;
  }
  await checkPlayable(input, options);
  return connect();
}
