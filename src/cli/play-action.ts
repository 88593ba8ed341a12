import { connect, describeFailure } from '../client/client.js';
import { freshSession } from '../client/session-names.js';
import { scoreInRange } from '../engine/score-range.js';
import { reportError } from './report-error.js';
import { sinkOrRefusal, type SinkFlags } from './sink-options.js';
import { readScoreInput, type ScoreInput, type ScoreInputOptions } from './score-input.js';

export interface PlayOptions extends ScoreInputOptions, SinkFlags {
  readonly from?: string;
  readonly to?: string;
  readonly wait?: boolean;
}

/** The exit status of a command ended by Ctrl-C, as shells report it. */
const INTERRUPTED = 130;

/** Runs `alda-live play` (loaded only when that command runs: it brings the engine and the client). */
export async function runPlay(options: PlayOptions): Promise<void> {
  let input: ScoreInput | undefined;
  try {
    input = readScoreInput(options);
    // The server would refuse the same score with the same message; refused here, no server is started for it.
    scoreInRange(input.text, input.name, { from: options.from, to: options.to });
  } catch (error) {
    reportError(error, input?.text, input?.name);
    return;
  }
  const sink = sinkOrRefusal(options);
  if (!sink) return;
  const session = freshSession('play');
  try {
    const client = await connect();
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
    process.stderr.write(describeFailure(error) + '\n');
    process.exitCode = 1;
  }
}
