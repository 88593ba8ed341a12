/**
 * One machine of an ensemble, run inside a network namespace of its own (netns.ts): an alda-live
 * server with its real performer processes, and a client that carries out the requests it reads
 * on standard input, one JSON line each (`{"id": 1, "type": "eval", ...}`), answering
 * `{"id": 1, "result": {...}}` or `{"id": 1, "error": "..."}` on standard output. Its first line
 * is `{"ready": true, "url": ..., "token": ...}`, once its performer is there (with `--remote HOST`, at once:
 * it waits for performers started by hand elsewhere); the end of its input closes everything (the Link clock leaves the session).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/client/client.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { startServer } from '../../src/server/server.js';

// The test runner loads every file under test/: this one runs only when started as a peer.
if (process.argv[1] === fileURLToPath(import.meta.url)) await runPeer();

async function runPeer(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-peer-'));
  // `--remote HOST`: listen on HOST for performers started by hand on other machines, and start none.
  const remote = process.argv.includes('--remote') ? process.argv[process.argv.indexOf('--remote') + 1] : undefined;
  const server = await startServer({
    port: 0,
    stateDir: dir,
    newScore: () => new EngineScore(),
    spares: 1,
    log: () => {},
    ...(remote === undefined ? {} : { host: remote, allowRemote: true, spawnPerformers: false }),
  });
  // Ready once its performer is: starting one on a busy machine takes seconds, which belong to no measurement.
  while (remote === undefined && !server.pool.workers.some((worker) => worker.state === 'spare')) await new Promise((resolve) => setTimeout(resolve, 50));
  const client = await connect({ stateDir: dir, start: false });
  const write = (message: Record<string, unknown>) => process.stdout.write(JSON.stringify(message) + '\n');
  write({ ready: true, url: server.url, token: server.token });

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const { id, type, ...payload } = JSON.parse(line) as { id: number; type: 'eval' } & Record<string, unknown>;
    client.request(type, payload, { timeout: 10_000 }).then(
      (result) => write({ id, result }),
      (error: Error) => write({ id, error: error.message }),
    );
  });
  lines.on('close', () => {
    client.close();
    void server.close().then(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}
