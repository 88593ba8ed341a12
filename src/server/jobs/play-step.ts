import { midiMessages } from '../../engine/midi-messages.js';
import type { ScoreView } from '../../engine/score-view.js';
import type { PerformerPool } from '../performer-pool.js';
import type { SinkOptions, TimedMessage } from '../protocol.js';

/** As the sessions send a long batch: a first chunk small enough to start at once, then big ones. */
const FIRST_CHUNK = 256;
const CHUNK = 4096;

/**
 * Plays a built score on a performer of its own (session `session`), and resolves once the
 * performer has played everything and nothing sounds, which it is asked every `poll` ms. When
 * `signal` aborts, the performer is stopped (silenced) and the play rejects with its reason.
 */
export async function playView(pool: PerformerPool, session: string, sink: SinkOptions, view: ScoreView, signal: AbortSignal, poll = 250): Promise<{ messages: number; position: unknown }> {
  const messages = midiMessages(view).map((m): TimedMessage => ({ t: m.offset, d: [...m.data], p: m.part }));
  if (messages.length === 0) return { messages: 0, position: null };
  const worker = await pool.acquire(session);
  const aborted = () => {
    if (signal.aborted) throw signal.reason as Error;
  };
  const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  try {
    aborted();
    await pool.request(worker, { type: 'open', session, sink });
    await pool.request(worker, { type: 'schedule', start: 0, messages: messages.slice(0, FIRST_CHUNK) });
    for (let i = FIRST_CHUNK; i < messages.length; i += CHUNK) {
      aborted();
      await pool.request(worker, { type: 'schedule', start: 0, messages: messages.slice(i, i + CHUNK), continues: true });
    }
    for (;;) {
      aborted();
      const status = await pool.request(worker, { type: 'position' });
      if (status.pending === 0 && status.sounding === 0) return { messages: messages.length, position: status.position };
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, poll))), stopped]);
      clearTimeout(timer);
    }
  } catch (error) {
    if (signal.aborted) await pool.request(worker, { type: 'stop' }).catch(() => undefined);
    throw error;
  } finally {
    pool.release(worker);
  }
}
