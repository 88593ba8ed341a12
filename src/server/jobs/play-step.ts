import { midiMessages } from '../../engine/midi-messages.js';
import type { ScoreView } from '../../engine/score-view.js';
import type { TimedMessage } from '../../protocol/messages.js';
import type { PerformerLease } from '../session/performer-lease.js';

/**
 * Plays a built score on the performer of `lease` (the job's own), and resolves once the
 * performer has played everything and nothing sounds, which it is asked every `poll` ms. When
 * `signal` aborts, the performer is stopped (silenced) and the play rejects with its reason.
 */
export async function playView(lease: PerformerLease, view: ScoreView, signal: AbortSignal, poll = 250): Promise<{ messages: number; position: unknown }> {
  const messages = midiMessages(view).map((m): TimedMessage => ({ t: m.offset, d: [...m.data], p: m.part }));
  if (messages.length === 0) return { messages: 0, position: null };
  const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  try {
    signal.throwIfAborted();
    await lease.open();
    await lease.schedule(0, messages, { signal });
    for (;;) {
      signal.throwIfAborted();
      const status = await lease.position();
      if (status.pending === 0 && status.sounding === 0) return { messages: messages.length, position: status.position };
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, poll))), stopped]);
      clearTimeout(timer);
    }
  } catch (error) {
    if (signal.aborted) await lease.stop().catch(() => undefined);
    throw error;
  }
}
