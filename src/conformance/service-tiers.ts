import type { ServiceWorker } from '../server/broker/service.js';
import type { Candidate } from './candidate.js';
import type { KitServer } from './kit-server.js';
import { passed, tier, TierFailure, type TierResult } from './scorecard.js';
import { sleep, until, within } from './wait.js';

/**
 * The service worker tiers of `alda-live conformance service` (docs/conformance.md): the kit's
 * broker is the only one the candidate meets; it asks one request with the body given, and
 * judges the worker by what the broker accepts of it.
 */
export async function serviceTiers(kit: KitServer, candidate: Candidate, body: Record<string, unknown>, bail = false): Promise<TierResult[]> {
  const gone = () => (candidate.running ? undefined : 'the candidate exited');
  let worker: ServiceWorker | undefined;
  let peer = '';
  const findWorker = () => kit.server.hub.broker.workers.find((w) => w.service !== 'performer') ?? false;
  const ask = async (check: (ok: boolean, text: string) => boolean) => {
    let partials = 0;
    try {
      const answer = await within(kit.server.hub.broker.request(worker!.service, body, { onPartial: () => partials++, expiry: 5000 }), 30_000, `answer to a request of service "${worker!.service}"`);
      check(true, `a request was answered: ${partials} \`partial\`, then \`final\` (${JSON.stringify(answer).slice(0, 60)})`);
    } catch (error) {
      if (error instanceof TierFailure) throw error;
      const { code, message } = error as Error & { code?: string };
      const expired = code === 'ALDA_SERVICE_EXPIRED' || code === 'ALDA_WORKER_GONE';
      check(!expired, expired ? `the request got no answer: ${message}` : `a request was answered: ${partials} \`partial\`, then \`error\` ${code}: ${message}`);
    }
  };
  const results = [
    await tier('handshake', true, async (check) => {
      const ready = await until('`ready` from a worker', () => kit.inbound.find((i) => i.message?.type === 'ready'), 20_000, gone);
      peer = ready.peer;
      check(ready.role === 'worker', ready.role === 'worker' ? 'it connected on /worker and said `ready`' : `it said \`ready\` on a ${ready.role} path (connect to /worker)`);
      worker = await until('acceptance of its `ready`', findWorker, 5000, () => kit.log.find((line) => line.includes('Invalid')));
      check(true, `\`ready\` is valid: worker "${worker.id}" of service "${worker.service}", pid ${worker.pid}`);
    }),
  ];
  const rest: [string, (check: (ok: boolean, text: string) => boolean) => Promise<void>][] = [
    [
      'heartbeats',
      async (check) => {
        const since = performance.now();
        await sleep(3500);
        const silence = kit.longestSilence(peer, since);
        check(silence < 3000, `the longest silence in 3.5 s of idling: ${(silence / 1000).toFixed(1)} s (a peer silent for 3 s is dead: send \`heartbeat\` whenever nothing else went for 1 s)`);
        check(kit.server.hub.broker.workers.includes(worker!), 'the broker still finds it alive');
      },
    ],
    ['a request', ask],
    [
      'reconnection after a server restart',
      async (check) => {
        const restarted = performance.now();
        await kit.restart();
        const ready = await until('`ready` again after the restart', () => kit.inbound.find((i) => i.at >= restarted && i.message?.type === 'ready'), 20_000, gone);
        check(ready.message?.worker === worker!.id, `it came back in ${((ready.at - restarted) / 1000).toFixed(1)} s as "${String(ready.message?.worker)}"`);
        worker = await until('acceptance of its `ready`', findWorker, 5000);
        await ask(check);
      },
    ],
  ];
  for (const [name, run] of rest) {
    const stop = !worker ? 'not run: no worker' : bail && !results.every(passed) ? 'not run: an earlier tier failed (--bail)' : undefined;
    results.push(stop ? { name, required: true, checks: [{ ok: false, text: stop }] } : await tier(name, true, run));
  }
  return results;
}
