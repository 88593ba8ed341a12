import { parseArgs } from 'node:util';
import { listPorts, runPerformer } from './run-performer.js';

/**
 * The performer process's entry point. The server spawns this file directly, not the whole CLI,
 * so that a performer is ready as soon as possible; `alda-live performer` runs the same code.
 */
const { values } = parseArgs({
  options: {
    connect: { type: 'string' },
    port: { type: 'string' },
    record: { type: 'string' },
    lookahead: { type: 'string' },
    worker: { type: 'string' },
    session: { type: 'string' },
    'token-file': { type: 'string' },
    'parent-pid': { type: 'string' },
    'list-ports': { type: 'boolean' },
  },
});
if (values['list-ports']) await listPorts();
else
  await runPerformer({
    connect: values.connect,
    port: values.port,
    record: values.record,
    lookahead: values.lookahead === undefined ? undefined : Number(values.lookahead),
    worker: values.worker,
    session: values.session,
    tokenFile: values['token-file'],
    parentPid: values['parent-pid'] === undefined ? undefined : Number(values['parent-pid']),
  });
