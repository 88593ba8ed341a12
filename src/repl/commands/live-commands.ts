import { parseQuant, QuantError } from '../../live/quant.js';
import type { LiveResult, LiveStatusResult } from '../../protocol/results.js';
import { statusLine, swapLine } from '../../watch/status-line.js';
import { RequestError } from '../../client/client.js';
import type { LiveSession } from '../live-session.js';
import { INPUT_NAME } from '../repl-error.js';
import { fail, say, type CommandContext, type ReplCommand } from './command.js';


/** REPL sessions in live mode: their inputs redefine looping parts instead of playing once. */
const liveSessions = new WeakSet<LiveSession>();

export function isLive(session: LiveSession): boolean {
  return liveSessions.has(session);
}

/** An input in live mode: the parts it defines replace their loops at their next boundary; the others play on. */
export async function liveInput(input: string, context: CommandContext): Promise<void> {
  const result = await request(context, { code: input, whole: false });
  if (!result) return;
  if (result.swaps.length === 0) return say(context, 'No part changed');
  say(context, result.swaps.map((swap) => swapLine(swap, result.now)).join('\n'));
}

export const live: ReplCommand = {
  name: 'live',
  usage: ':live [beat|bar|loop|N|off]',
  summary: 'Live mode: every part loops; a part typed again swaps at its next boundary.',
  details: `The score so far starts looping, every part on one transport. From then on, an input
such as \`piano: c d e f\` replaces the piano's loop at its next boundary (a new part enters in
phase); every other part plays on. If an input fails, nothing changes.

  :live          start (or show where the loops are)
  :live bar      changes take effect on the next bar (4 beats); also beat, loop, or N beats
  :live off      stop the loops and go back to playing each input once
  :unloop PART   let a part finish its loop and stop`,
  arguments: ['beat', 'bar', 'loop', 'off'],
  async run(args, context) {
    const word = args.trim();
    if (word === 'off') {
      liveSessions.delete(context.session);
      await context.session.stop();
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
    if (isLive(context.session)) {
      if (quant !== undefined && !(await request(context, { code: '', whole: false, quant }))) return;
      const status = await liveStatus(context);
      if (!status) {
        liveSessions.delete(context.session);
        return fail(context, 'The loops were stopped (by :stop or another client); :live starts them again');
      }
      return say(context, statusLine(status));
    }
    // Loops already running in the session (a watcher, another terminal) are joined, not restarted from our text.
    const running = await liveStatus(context);
    if (running) {
      liveSessions.add(context.session);
      return say(context, `Joined the live loops of session "${context.session.name}": ${statusLine(running)}`);
    }
    // An empty evaluation creates the session on the server with this REPL's sink (--port, --record), if it is new.
    const created = await context.session.evaluate('');
    if (!created.ok) return context.print({ kind: 'error', error: created.error });
    const started = await request(context, { code: context.session.text, whole: true, quant });
    if (!started) return;
    liveSessions.add(context.session);
    const parts = started.swaps.map((swap) => swap.part);
    say(context, `Live: ${parts.length > 0 ? `looping ${parts.join(', ')}` : 'type a part (e.g. piano: c d e f) to loop it'}; :unloop PART stops one, :live off stops all`);
  },
};

export const unloop: ReplCommand = {
  name: 'unloop',
  usage: ':unloop PART',
  summary: 'In live mode, let a part finish its loop and stop.',
  async run(args, context) {
    const part = args.trim();
    if (!isLive(context.session)) return fail(context, 'Not in live mode: :live starts it');
    if (part === '') return fail(context, 'Which part? :unloop PART, e.g. :unloop piano');
    try {
      const result = await context.session.request('unloop', { session: context.session.name, part });
      say(context, `${part} stops at ${(result.at / 1000).toFixed(2)} s`);
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      fail(context, error.message, error.code);
    }
  },
};

/** The session's live status, or undefined when it is not in live mode (or does not exist yet). */
async function liveStatus(context: CommandContext): Promise<LiveStatusResult | undefined> {
  try {
    return await context.session.request('live-status', { session: context.session.name });
  } catch (error) {
    if (error instanceof RequestError && error.code === 'ALDA_NOT_LIVE') return undefined;
    throw error;
  }
}

/** Sends a `live` request; prints its error and resolves undefined when it fails. */
async function request(context: CommandContext, fields: Record<string, unknown>): Promise<LiveResult | undefined> {
  try {
    return await context.session.request('live', { session: context.session.name, name: INPUT_NAME, ...fields });
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    if (error.code === 'ALDA_NOT_LIVE') liveSessions.delete(context.session);
    fail(context, error.message, error.code);
    return undefined;
  }
}
