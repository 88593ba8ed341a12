import { parseArgs } from 'node:util';
import { runServer } from './run-server.js';

/** The server process's entry point, spawned detached by clients that find no server running. */
const { values } = parseArgs({
  options: { host: { type: 'string' }, port: { type: 'string' }, lookahead: { type: 'string' }, spares: { type: 'string' } },
});
await runServer({
  host: values.host,
  port: values.port === undefined ? undefined : Number(values.port),
  lookahead: values.lookahead === undefined ? undefined : Number(values.lookahead),
  spares: values.spares === undefined ? undefined : Number(values.spares),
});
