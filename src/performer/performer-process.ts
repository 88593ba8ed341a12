import { parseArgs } from 'node:util';
import { awaitHandoff, getReady, listPorts, runPerformer } from './run-performer.js';

/**
 * What the performer process runs (src/performer/start.ts in the build, entry.ts from sources).
 * The server spawns it directly, not the whole CLI, so that a performer is ready as soon as
 * possible; `alda-live performer` runs the same code.
 */
export async function runPerformerProcess(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connect: { type: 'string' },
      port: { type: 'string' },
      record: { type: 'string' },
      lookahead: { type: 'string' },
      'output-latency': { type: 'string' },
      worker: { type: 'string' },
      session: { type: 'string' },
      'token-file': { type: 'string' },
      'parent-pid': { type: 'string' },
      'list-ports': { type: 'boolean' },
      'server-stdin': { type: 'boolean' },
    },
  });
  if (values['list-ports']) await listPorts();
  else if (values['server-stdin']) {
    // Started beside its server by the client that launched both (src/client/launch-server.ts).
    const handing = awaitHandoff(process.stdin);
    void getReady();
    const handoff = await handing;
    if (handoff) await runPerformer({ connect: handoff.url, token: handoff.token, worker: handoff.worker, lifeline: process.stdin });
    // The server did not start (its pipe ended), or wrote what is not a handoff: nothing to serve.
    else process.stdin.destroy();
  } else
    await runPerformer({
      connect: values.connect,
      port: values.port,
      record: values.record,
      lookahead: values.lookahead === undefined ? undefined : Number(values.lookahead),
      outputLatency: values['output-latency'] === undefined ? undefined : Number(values['output-latency']),
      worker: values.worker,
      session: values.session,
      tokenFile: values['token-file'],
      parentPid: values['parent-pid'] === undefined ? undefined : Number(values['parent-pid']),
    });
}
