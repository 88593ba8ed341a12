import { midiMessages } from '../../engine/midi-messages.js';
import type { ScoreView } from '../../engine/score-view.js';
import type { TimedMessage } from '../../protocol/messages.js';
import type { PerformerLease } from '../session/performer-lease.js';

/**
 * Plays a built score on the performer of `lease` (the job's own), and resolves once the
 * performer has played everything and nothing sounds, which it is asked every `poll` ms.
 */
export async function playView(lease: PerformerLease, view: ScoreView, poll = 250): Promise<{ messages: number; position: unknown }> {
  const messages = midiMessages(view).map((m): TimedMessage => ({ t: m.offset, d: [...m.data], p: m.part }));
  if (messages.length === 0) return { messages: 0, position: null };
  await lease.open();
  await lease.schedule(0, messages);
  for (;;) {
    const status = await lease.position();
    if (status.pending === 0 && status.sounding === 0) return { messages: messages.length, position: status.position };
    await new Promise((resolve) => setTimeout(resolve, poll));
  }
}
