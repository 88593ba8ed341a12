import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { isLoopback } from '../protocol/loopback.js';
import type { AdoptedPerformer } from './adopted-performer.js';
import type { StartedPerformer } from './performer-pool.js';
import { serverUrl } from './server-url.js';
import { spawnPerformer } from './spawn-performer.js';
import { PageKeys } from './transport/page-keys.js';

/** The port a server listens on unless told otherwise, or it is taken. */
export const DEFAULT_PORT = 27713;

/**
 * What a server process does before it reads the rest of its code: it listens, and starts its
 * first spare performer, which then starts up beside the server instead of after it (a cold
 * `play` waits for both before its first note), or tells the one its launching client started
 * beside it where to connect. What connects before the server is ready is
 * held, and handed over once it is (`release`).
 */
export interface HeadStart {
  readonly http: Server;
  readonly token: string;
  readonly pageKeys: PageKeys;
  readonly performer: StartedPerformer | undefined;
  /** Removes the holding listeners and replays what they held to those the server has attached since. */
  release(): void;
  /** The server did not start after all (another answers for its state dir): stop listening, end the performer. */
  abandon(): void;
}

export interface HeadStartOptions {
  readonly host: string;
  /** Tried first; `fallback` true: any free port if it is taken. */
  readonly port: number;
  readonly fallback: boolean;
  readonly spares: number;
  readonly lookahead?: number | undefined;
  /** Started beside this server by the client that launched it: the first spare, told where to connect once we listen, not spawned. */
  readonly adopted?: AdoptedPerformer | undefined;
}

/**
 * Listens at once and starts the first performer, or gives undefined where that cannot be done
 * so (a host name to resolve first, an address other than loopback, a port that is taken with
 * no fallback): the server then starts in the ordinary order, and says why it cannot listen.
 */
export async function headStart(options: HeadStartOptions): Promise<HeadStart | undefined> {
  // Not on another address: whether the server may listen there at all is for it to say first (docs/security.md).
  if (isIP(options.host) === 0 || !isLoopback(options.host)) return undefined;
  const http = (await listenNow(options.port, options.host)) ?? (options.fallback ? await listenNow(0, options.host) : undefined);
  if (!http) return undefined;
  const held: { event: 'request' | 'upgrade'; args: unknown[] }[] = [];
  const holders = {
    request: (...args: unknown[]) => held.push({ event: 'request', args }),
    upgrade: (...args: unknown[]) => held.push({ event: 'upgrade', args }),
  };
  http.on('request', holders.request);
  http.on('upgrade', holders.upgrade);
  const { port } = http.address() as { port: number };
  const url = serverUrl(options.host, port);
  const token = randomBytes(24).toString('base64url');
  const pageKeys = new PageKeys();
  const id = `performer-${randomUUID().slice(0, 8)}`;
  let performer: StartedPerformer | undefined;
  if (options.spares === 0) options.adopted?.kill();
  else if (options.adopted) {
    options.adopted.handOff({ url, token, worker: id });
    performer = { id, child: options.adopted };
  } else {
    const child = spawnPerformer({
      url,
      token,
      worker: id,
      launch: { engine: 'node' },
      pageCode: () => pageKeys.issue().code,
      lookahead: options.lookahead,
      log: (line) => process.stderr.write(`[${id}] ${line}\n`),
    });
    performer = { id, child };
  }
  return {
    http,
    token,
    pageKeys,
    performer,
    release() {
      http.off('request', holders.request);
      http.off('upgrade', holders.upgrade);
      for (const { event, args } of held.splice(0)) http.emit(event, ...args);
    },
    abandon() {
      performer?.child.kill('SIGTERM');
      for (const { event, args } of held.splice(0)) if (event === 'upgrade') (args[1] as Duplex).destroy();
      http.closeAllConnections();
      http.close();
    },
  };
}

/**
 * An HTTP server listening, or undefined if the port is taken. On an IP address Node binds on the
 * next tick (no lookup to wait for), before any I/O: nothing else runs meanwhile.
 */
function listenNow(port: number, host: string): Promise<Server | undefined> {
  const http = createServer();
  return new Promise((resolve) => {
    const failed = () => resolve(undefined);
    http.once('error', failed);
    http.listen(port, host, () => {
      http.off('error', failed);
      resolve(http);
    });
  });
}
