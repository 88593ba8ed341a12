import { midiMessages } from '../../engine/midi-messages.js';
import type { ScoreView } from '../../engine/score-view.js';
import type { PerformerPool } from '../performer-pool.js';
import type { SinkOptions, TimedMessage } from '../../protocol/messages.js';

/** As the sessions send a long batch: a first chunk small enough to start at once, then big ones. */
const FIRST_CHUNK = 256;
const CHUNK = 4096;

/**
 * Plays a built score on a performer of its own (session `session`), and resolves once the
 * performer has played everything and nothing sounds, which it is asked every `poll` ms.
 */
export async function playView(pool: PerformerPool, session: string, sink: SinkOptions, view: ScoreView, poll = 250): Promise<{ messages: number; position: unknown }> {
  const messages = midiMessages(view).map((m): TimedMessage => ({ t: m.offset, d: [...m.data], p: m.part }));
  if (messages.length === 0) return { messages: 0, position: null };
  const worker = await pool.acquire(session);
  try {
    await pool.request(worker, { type: 'open', session, sink });
    await pool.request(worker, { type: 'schedule', start: 0, messages: messages.slice(0, FIRST_CHUNK) });
    for (let i = FIRST_CHUNK; i < messages.length; i += CHUNK) {
      await pool.request(worker, { type: 'schedule', start: 0, messages: messages.slice(i, i + CHUNK), continues: true });
    }
    for (;;) {
      const status = await pool.request(worker, { type: 'position' });
      if (status.pending === 0 && status.sounding === 0) return { messages: messages.length, position: status.position };
      await new Promise((resolve) => setTimeout(resolve, poll));
    }
  } finally {
    pool.release(worker);
  }
}
