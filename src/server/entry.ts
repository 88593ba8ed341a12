import { parseArgs } from 'node:util';
import { readServerState, stateDir } from '../protocol/state-file.js';
import { DEFAULT_PORT, headStart } from './head-start.js';

/** The server process's entry point, spawned detached by clients that find no server running. */
const { values } = parseArgs({
  options: { host: { type: 'string' }, port: { type: 'string' }, lookahead: { type: 'string' }, spares: { type: 'string' } },
});
const port = values.port === undefined ? undefined : Number(values.port);
const lookahead = values.lookahead === undefined ? undefined : Number(values.lookahead);
const spares = values.spares === undefined ? undefined : Number(values.spares);
// Listening and the first performer start before the rest of the server is read (it is imported
// below, not statically). With a state file there may be a server already: then in the ordinary order.
const head =
  readServerState(stateDir()) === undefined
    ? await headStart({ host: values.host ?? '127.0.0.1', port: port ?? DEFAULT_PORT, fallback: port === undefined, spares: spares ?? 1, lookahead })
    : undefined;
const { runServer } = await import('./run-server.js');
await runServer({ host: values.host, port, lookahead, spares, headStart: head });
// runServer returns only when the server did not start (it exits the process once it has run).
head?.abandon();
