import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { lowerThisProcess } from '../processes/background-priority.js';
import { locateServer } from '../protocol/state-file.js';
import { SERVICES } from './handlers.js';
import { ServiceLink } from './service-link.js';

/**
 * A worker process of service `compiler` or `exporter`. The server spawns it (a small pool of
 * each); started by hand, it finds the server through the state file, like the performer:
 * `node dist/workers/entry.js --service compiler`.
 */
const { values } = parseArgs({
  options: {
    connect: { type: 'string' },
    service: { type: 'string' },
    worker: { type: 'string' },
    'parent-pid': { type: 'string' },
    heartbeat: { type: 'string' },
  },
});
const service = values.service ?? '';
// Given --connect (or ALDA_LIVE_URL) and a token, that server; else whichever server the state file names at each connection.
const locate = () => locateServer({ url: values.connect });
if (!SERVICES.includes(service)) {
  process.stderr.write(`Unknown service "${service}": this worker offers ${SERVICES.join(', ')}\n`);
  process.exitCode = 2;
} else if (!locate()) {
  process.stderr.write('No server to connect to: start one with `alda-live server`, or pass --connect URL with ALDA_LIVE_TOKEN set\n');
  process.exitCode = 1;
} else {
  // Compiles and renders run for seconds: below the performers, whose notes would wait for them.
  lowerThisProcess();
  const link = new ServiceLink({
    locate,
    service,
    workerId: values.worker ?? `${service}-${randomUUID().slice(0, 8)}`,
    heartbeat: values.heartbeat === undefined ? undefined : { interval: Number(values.heartbeat) },
    parentPid: values['parent-pid'] === undefined ? undefined : Number(values['parent-pid']),
    // The work thread may be in the middle of a render: exit without waiting for it.
    onExit: (code) => setImmediate(() => process.exit(code)),
  });
  process.on('SIGTERM', () => link.close());
  process.on('SIGINT', () => link.close());
}
