import { clientRequestSchema, validate, ProtocolError } from '../protocol/messages.js';
import { hubRequestSchema, isHubRequest } from '../protocol/hub-requests.js';
import type { Candidate } from './candidate.js';
import type { KitServer } from './kit-server.js';
import { tier, type TierResult } from './scorecard.js';
import { within } from './wait.js';

/**
 * The client tiers of `alda-live conformance client` (docs/conformance.md): the candidate runs
 * to its end against the kit's server, which answers it as any server does; the kit judges
 * what it sent.
 */
export async function clientTiers(kit: KitServer, candidate: Candidate, timeout: number): Promise<TierResult[]> {
  const run = await tier('runs and exits 0', true, async (check) => {
    const code = await within(candidate.exited, timeout, 'exit of the client');
    check(code === 0, `it exited with ${code}`);
  });
  const sent = kit.inbound.filter((i) => i.role === 'client');
  const messages = await tier('every message valid', true, async (check) => {
    check(sent.length > 0, `it sent ${sent.length} messages`);
    const refused = sent.flatMap((inbound) => {
      const value = inbound.message ?? null;
      const checked = isHubRequest(value) ? validate(hubRequestSchema, value) : validate(clientRequestSchema, value);
      return checked instanceof ProtocolError ? [`${checked.code}: ${checked.message}: ${inbound.text.slice(0, 100)}`] : [];
    });
    for (const problem of refused) check(false, problem);
    if (refused.length === 0) check(true, 'each one passes the schema of client requests');
  });
  const ids = await tier('one id per request', true, async (check) => {
    const texts = new Map<string, string>();
    for (const inbound of sent) {
      const id = inbound.message?.id;
      if (typeof id !== 'string') continue;
      const first = texts.get(id);
      if (first !== undefined && first !== inbound.text) check(false, `id ${id} names two different requests (a repeat must be the same request: the server answers it from its store)`);
      texts.set(id, inbound.text);
    }
    const repeats = sent.length - texts.size;
    check(true, `${texts.size} ids${repeats > 0 ? `, ${repeats} repeats of a request (retries)` : ''}`);
  });
  const hello = sent.find((i) => i.message?.type === 'hello');
  const negotiation = await tier('negotiation', false, async (check) => {
    check(hello !== undefined, hello ? 'it says `hello` with its protocol versions' : 'it says no `hello` (optional: the server then assumes protocol 1)');
  });
  return [run, messages, ids, negotiation];
}
