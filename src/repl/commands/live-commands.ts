import { parseQuant, QuantError } from '../../live/quant.js';
import type { LiveResult, LiveStatusResult } from '../../protocol/results.js';
import { statusLine, swapLine } from '../../watch/status-line.js';
import { RequestError } from '../../client/client.js';
import type { LiveOutcome } from '../live-mode.js';
import { fail, say, type CommandContext, type ReplCommand } from './command.js';

/** An input in live mode: the parts it defines replace their loops at their next boundary; the others play on. */
export async function liveInput(input: string, context: CommandContext): Promise<void> {
  const result = reportedLive(context, await context.session.live.input(input));
  if (result) say(context, swapsText(result));
}

/** A live change's outcome: its error printed (with its caret), or its result. */
export function reportedLive(context: CommandContext, outcome: LiveOutcome): LiveResult | undefined {
  if (outcome.ok) return outcome.result;
  context.print({ kind: 'error', error: outcome.error });
  return undefined;
}

/** What a live change does, one line a swap. */
export function swapsText(result: LiveResult): string {
  return result.swaps.length === 0 ? 'No part changed' : result.swaps.map((swap) => swapLine(swap, result.now)).join('\n');
}

export const live: ReplCommand = {
  name: 'live',
  usage: ':live [beat|bar|loop|N|off]',
  summary: 'Live mode: every part loops; a part typed again swaps at its next boundary.',
  details: `The score so far starts looping, every part on one transport. From then on, an input
such as \`piano: c d e f\` replaces the piano's loop at its next boundary (a new part enters in
phase); every other part plays on. If an input fails, nothing changes. :tempo, :load and :new
change the loops at their next boundary too.

  :live          start (or show where the loops are)
  :live bar      changes take effect on the next bar (4 beats); also beat, loop, or N beats
  :live off      stop the loops and go back to playing each input once; :live again
                 starts them from what was last looping
  :unloop PART   let a part finish its loop and stop`,
  arguments: ['beat', 'bar', 'loop', 'off'],
  async run(args, context) {
    const mode = context.session.live;
    const word = args.trim();
    if (word === 'off') {
      await mode.off();
      return say(context, 'Live mode off: inputs play once again');
    }
    if (word !== '') {
      try {
        parseQuant(word);
      } catch (error) {
        if (error instanceof QuantError) return fail(context, error.message, error.code);
        throw error;
      }
    }
    const quant = word === '' ? undefined : word;
    if (mode.on) {
      if (quant !== undefined && !reportedLive(context, await mode.quant(quant))) return;
      const status = await liveStatus(context);
      if (!status) return;
      return say(context, statusLine(status));
    }
    // Loops already running in the session (a watcher, another terminal) are joined, not restarted from our text.
    const running = await context.session.loops();
    if (running) {
      mode.join();
      return say(context, `Joined the live loops of session "${context.session.name}": ${statusLine(running)}`);
    }
    // An empty evaluation creates the session on the server with this REPL's sink (--port, --record), if it is new.
    const created = await context.session.evaluate('');
    if (!created.ok) return context.print({ kind: 'error', error: created.error });
    const started = reportedLive(context, await mode.start(quant));
    if (!started) return;
    const parts = started.swaps.filter((swap) => swap.kind !== 'stop').map((swap) => swap.part);
    say(context, `Live: ${parts.length > 0 ? `looping ${parts.join(', ')}` : 'type a part (e.g. piano: c d e f) to loop it'}; :unloop PART stops one, :live off stops all`);
  },
};

export const unloop: ReplCommand = {
  name: 'unloop',
  usage: ':unloop PART',
  summary: 'In live mode, let a part finish its loop and stop.',
  async run(args, context) {
    const part = args.trim();
    if (!context.session.live.on) return fail(context, 'Not in live mode: :live starts it');
    if (part === '') return fail(context, 'Which part? :unloop PART, e.g. :unloop piano');
    try {
      const result = await context.session.live.unloop(part);
      say(context, `${part} stops at ${(result.at / 1000).toFixed(2)} s`);
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      fail(context, error.message, error.code);
    }
  },
};

/** The loops now; when they are gone, live mode ends here, said so. */
async function liveStatus(context: CommandContext): Promise<LiveStatusResult | undefined> {
  const status = await context.session.loops();
  if (!status) {
    context.session.live.ended();
    fail(context, 'The loops have stopped; :live starts them again');
  }
  return status;
}
