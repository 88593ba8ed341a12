import { readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readServerState, stateDir, stateProcessAlive } from '../protocol/state-file.js';
import { AdoptedPerformer } from './adopted-performer.js';
import { DEFAULT_PORT, headStart } from './head-start.js';
import { loadRunServer } from './run-server-bundle.js';
import { raiseServingPriority } from '../processes/serving-priority.js';

/**
 * The server process's entry point, spawned detached by clients that find no server running
 * (src/processes/server-script.ts): in the build a CommonJS file, dist/server/entry.cjs, so that
 * Node starts without its ES module loader (a cold `play` waits for this process to be ready).
 */
void startServerProcess();

async function startServerProcess(): Promise<void> {
  // From the first: a cold `play` waits for this process to read its code, while its client and
  // performer start beside it (runServer raises it too, for a server run otherwise).
  raiseServingPriority();
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      lookahead: { type: 'string' },
      spares: { type: 'string' },
      'after-go': { type: 'boolean' },
      'adopt-performer': { type: 'boolean' },
    },
  });
  // Started by a client before it has checked its score (src/client/launch-server.ts): Node has booted;
  // the rest of our code is read while it checks (a score that fails costs only that CPU), then
  // wait for its word, a "y" on stdin, and end quietly without one.
  const early = values['after-go'] ? loadRunServer() : undefined;
  if (values['after-go'] && !wentAhead()) process.exit(0);
  const port = values.port === undefined ? undefined : Number(values.port);
  const lookahead = values.lookahead === undefined ? undefined : Number(values.lookahead);
  const spares = values.spares === undefined ? undefined : Number(values.spares);
  // The performer our client started beside us (src/client/launch-server.ts), on fds 3 and 4.
  const adopted = values['adopt-performer'] ? new AdoptedPerformer((line) => process.stderr.write(line + '\n')) : undefined;
  // Listening and the first performer start before the rest of the server is read (it is imported
  // below, not statically). With the state file of a live process there may be a server already:
  // then in the ordinary order (a stale file's server is gone: no reason to wait).
  const state = readServerState(stateDir());
  const head =
    state === undefined || !stateProcessAlive(state)
      ? await headStart({ host: values.host ?? '127.0.0.1', port: port ?? DEFAULT_PORT, fallback: port === undefined, spares: spares ?? 1, lookahead, adopted })
      : undefined;
  // No head start: the pool starts its own performers; the one started beside us leaves.
  if (!head) adopted?.kill();
  const { runServer } = await (early ?? loadRunServer());
  await runServer({ host: values.host, port, lookahead, spares, headStart: head });
  // runServer returns only when the server did not start (it exits the process once it has run).
  head?.abandon();
}

/** Blocks until the launching client writes its one byte or closes the pipe (it exited, or its score failed). */
function wentAhead(): boolean {
  const byte = Buffer.alloc(1);
  try {
    return readSync(0, byte) === 1 && byte[0] === 0x79;
  } catch {
    return false;
  }
}
