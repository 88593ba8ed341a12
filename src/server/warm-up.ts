import { readClientRequest } from '../protocol/client-request-reader.js';
import { PROTOCOL_VERSION } from '../protocol/envelope.js';
import { sessionScore } from './session/thread-score.js';

/**
 * What a cold `play` runs first on the server's event loop: its request read (by hand, as
 * src/protocol/client-request-reader.ts reads its `sink`) and its one-note score evaluated. The build runs this
 * once as it writes the code cache of the server's bundle (scripts/bundle-cli.mjs), so that the
 * cache holds those functions compiled and the first play compiles none of them (in process at
 * load 10: the first evaluation 6–9 ms of CPU without them, 1–3 with).
 */
export async function warmUp(): Promise<void> {
  readClientRequest({ v: PROTOCOL_VERSION, type: 'eval', id: 'warm-up:1', session: 'warm-up', code: 'piano: c8', sink: { record: 'warm-up.jsonl' }, oneShot: true });
  const score = sessionScore();
  await score.evaluate({ code: 'piano: c8' });
  score.dispose?.();
}
