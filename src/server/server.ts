import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocket } from 'ws';
import { unreachable } from '../engine/model/unreachable.js';
import { limitOption } from '../lisp/limit-option.js';
import type { HubRequest } from '../protocol/hub-requests.js';
import { isHubRequest, isServiceReady } from '../protocol/message-routing.js';
import { isServiceError, ServiceHub, type ServiceHubOptions } from './broker/service-hub.js';
import { ConnectionGuard, peekId } from './limits/connection-guard.js';
import { checkBinding } from './limits/remote-binding.js';
import { isLoopback } from '../protocol/loopback.js';
import { isoTime } from '../protocol/iso-time.js';
import { serverLimits, type ServerLimits } from './limits/server-limits.js';
import { checkWritePaths, remoteFilesDir, requestedWrites } from './limits/write-paths.js';
import { checkBrowserPath } from './limits/browser-path.js';
import type { EvaluatorFactory } from './session/evaluator.js';
import { SessionRegistry } from './session/session-registry.js';
import type { PeerId } from './session/session-actor.js';
import { CodedError, wireError } from '../protocol/coded-error.js';
import type { RequestResults } from '../protocol/results.js';
import type { LivenessOptions } from '../protocol/liveness.js';
import { PerformerPool, type PerformerLaunch } from './performer-pool.js';
import { processMemory } from './process-memory.js';
import { encode } from '../protocol/envelope.js';
import type { ClientRequest, RequestType, SinkOptions } from '../protocol/messages.js';
import { parseJson, ProtocolError } from '../protocol/protocol-error.js';
import { validate } from '../protocol/schema-check.js';
import { schemas } from '../protocol/schemas-on-demand.js';
import { readClientRequest } from '../protocol/client-request-reader.js';
import { readWorkerMessage } from '../protocol/worker-message-reader.js';
import { ReplyStore } from './reply-store.js';
import { httpRouter } from './transport/http-router.js';
import { PageKeys } from './transport/page-keys.js';
import { PAGE_DIR, livePageRoutes } from './transport/live-page-routes.js';
import { performerPageRoutes } from './transport/page-routes.js';
import type { Peer } from './transport/peer.js';
import { WebSocketTransport, type WebSocketPeer } from './transport/websocket-transport.js';
import { NreplTransport, type NreplPeer } from './transport/nrepl-transport.js';
import { answerNrepl, refusedNrepl } from './nrepl/nrepl-ops.js';
import { spawnPerformer } from './spawn-performer.js';
import { DEFAULT_PORT, type HeadStart } from './head-start.js';
import { serverUrl } from './server-url.js';
import { negotiate, type ServerCapability } from '../protocol/negotiation.js';
import { VERSION } from '../version.js';

/** What every server offers clients (docs/protocol.md, "Negotiation"); `nrepl` when it answers Alda's REPL too. */
const CAPABILITIES: readonly ServerCapability[] = ['sessions', 'live', 'check', 'services', 'jobs'];
import { removeServerState, writeServerState } from '../protocol/state-file.js';

/** The limits (maxPayload, maxSessions, messageRate, ...) are in docs/security.md. */
export interface ServerOptions extends Partial<ServerLimits> {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Listen on an address other than loopback (docs/security.md). @default false */
  readonly allowRemote?: boolean;
  /** 0 picks a free port. @default 27713 */
  readonly port?: number;
  /** Where the state file goes; omitted, no state file is written. */
  readonly stateDir?: string | undefined;
  readonly newScore: EvaluatorFactory;
  /** Start performer processes ourselves (true), or wait for performers started by hand. @default true */
  readonly spawnPerformers?: boolean;
  /** What the spare performers play with (`--engine browser`): sessions that ask for another kind get one started. @default node */
  readonly launch?: PerformerLaunch;
  readonly spares?: number;
  readonly lookahead?: number;
  /** How long sound takes from a MIDI message to the speaker: the spawned performers send that much earlier, in ms. */
  readonly outputLatency?: number | undefined;
  /** What every session plays on unless its client says more (`--link`, `--clock-out`). */
  readonly sessionSink?: SinkOptions | undefined;
  readonly heartbeat?: LivenessOptions;
  /** Browser origins allowed to connect (none by default: a web page must not drive the server). */
  readonly allowedOrigins?: readonly string[];
  /** The broker's services and the job store (docs/jobs.md). */
  readonly services?: Pick<ServiceHubOptions, 'spawnWorkers' | 'workers' | 'expiry' | 'jobTimeBudget'>;
  /** A session nobody has joined or used for this long, with nothing playing, is ended, in ms. @default 600000 (10 min) */
  readonly sessionIdleTimeout?: number;
  /** Performer processes alive at once, spares included. @default maxSessions + spares + 4 */
  readonly maxPerformers?: number;
  /** How long the reply to a request is kept for a retry of it, in ms. @default 60000 */
  readonly replyWindow?: number;
  readonly log?: (line: string) => void;
  /** The per-launch token; a fresh random one unless given (a server restarted on the same URL for its components). */
  readonly token?: string | undefined;
  /** Every text message that arrives, before anything reads it, with its connection's id and role (`alda-live conformance` watches a candidate through it). */
  readonly onInbound?: ((peer: Pick<Peer, 'id' | 'role'>, text: string) => void) | undefined;
  /** Alda 2's REPL endpoint (nREPL, loopback, no token; docs/editors.md), acting on one session. */
  readonly nrepl?: NreplOptions;
  /** Where the live-coding page's built files are. @default dist/page/ of this package */
  readonly pageDir?: URL;
  /** Listening already, with its token and first performer started (the server process's entry point): `host`, `port` and `token` are its own. */
  readonly headStart?: HeadStart | undefined;
}

export interface NreplOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Where `.alda-nrepl-port` is written, as Alda writes it; omitted, none is. */
  readonly portFileDir?: string | undefined;
  /** The session its requests act on. @default 'nrepl' */
  readonly session?: string;
}

/** How long an eval's transformer may take to be found idle, in ms: under a client's 2.5 s. */
const TRANSFORM_EXPIRY = 2000;

/** Answers one type of client request. */
type Handler<T extends RequestType> = (request: Extract<ClientRequest, { type: T }>, peer: PeerId) => Promise<RequestResults[T]>;

export interface AldaServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly pool: PerformerPool;
  readonly sessions: SessionRegistry;
  readonly hub: ServiceHub;
  /** The nREPL endpoint's port, when there is one. */
  readonly nreplPort: number | undefined;
  /** A one-time code a page trades for a page credential (`POST /credential`; docs/browser.md). */
  mintPageCode(): string;
  /** Settles once the server has closed, whoever asked it to. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * The server: sessions that hold scores, and the broker for performers. Clients and performers
 * both connect here over WebSocket, presenting the per-launch token.
 */
export async function startServer(options: ServerOptions): Promise<AldaServer> {
  const host = options.host ?? '127.0.0.1';
  checkBinding(host, options.allowRemote);
  const limits = serverLimits(options);
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const { headStart } = options;
  const token = headStart?.token ?? options.token ?? randomBytes(24).toString('base64url');
  const loopback = isLoopback(host);
  const pageKeys = headStart?.pageKeys ?? new PageKeys();
  // Over plain HTTP: the live-coding page and the browser performer's page, with what they load
  // (docs/browser.md); every other path says how to talk to us.
  const http = headStart?.http ?? createServer();
  http.on(
    'request',
    httpRouter(
      { ...livePageRoutes({ keys: pageKeys, loopback, dir: options.pageDir ?? PAGE_DIR }), ...performerPageRoutes() },
      (_, response) => response.writeHead(426, { 'content-type': 'text/plain' }).end('alda-live speaks WebSocket\n'),
    ),
  );
  const startedAt = Date.now();

  if (!headStart) {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? DEFAULT_PORT, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  }
  const port = (http.address() as AddressInfo).port;
  const url = serverUrl(host, port);

  const pool: PerformerPool = new PerformerPool({
    spawn:
      options.spawnPerformers === false
        ? undefined
        : (worker, launch) =>
            spawnPerformer({ url, token, worker, launch, pageCode: () => pageKeys.issue().code, lookahead: options.lookahead, outputLatency: options.outputLatency, log: (line) => log(`[${worker}] ${line}`) }),
    spares: options.spares,
    started: headStart?.performer ? [headStart.performer] : [],
    launch: options.launch,
    lookahead: options.lookahead,
    maxPerformers: limitOption('maxPerformers', options.maxPerformers, limits.maxSessions + (options.spares ?? 1) + 4),
    heartbeat: options.heartbeat,
    onIdle: (session) => sessions.idle(session),
    onNotice: (worker, message) => log(`[${worker.id}] ${message}`),
    onLost: (session) => sessions.lost(session),
    log,
  });
  const sessions: SessionRegistry = new SessionRegistry({
    pool,
    newScore: options.newScore,
    maxSessions: limits.maxSessions,
    maxSessionEvents: limits.maxSessionEvents,
    maxSessionText: limits.maxSessionText,
    lookahead: options.lookahead,
    idleTimeout: limitOption('sessionIdleTimeout', options.sessionIdleTimeout, 600_000),
    sessionSink: options.sessionSink,
    send: (peer, message) => peerSend(peer, message),
    // A transformer missing is said within an eval's time, not after the broker's 10 s.
    transform: (service, body) => hub.broker.request(service, body, { expiry: TRANSFORM_EXPIRY }),
    log,
  });
  const replies = new ReplyStore({ window: limitOption('replyWindow', options.replyWindow, 60_000) });
  const hub = new ServiceHub({ ...options.services, url, token, pool, withJobLease: (name, sink, play) => sessions.withJobLease(name, sink, play), stateDir: options.stateDir, heartbeat: options.heartbeat, log });
  const workers = new Map<WebSocket, ReturnType<PerformerPool['attach']>>();
  const transport = new WebSocketTransport(http, {
    token,
    loopback,
    pageKeys,
    allowedOrigins: options.allowedOrigins ?? [],
    maxPayload: limits.maxPayload,
    maxConnections: limits.maxConnections,
    maxWorkerConnections: limits.maxWorkerConnections,
    maxBufferedBytes: limits.maxBufferedBytes,
    onPeer: (peer) => connected(peer),
  });
  headStart?.release();
  let nrepl: NreplTransport | undefined;

  let closing: Promise<void> | undefined;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const close = (): Promise<void> => {
    closing ??= (async () => {
      sessions.endAll();
      await hub.close();
      await pool.close();
      await transport.close();
      await nrepl?.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (options.stateDir) removeServerState(options.stateDir);
      markClosed();
    })();
    return closing;
  };

  /** Reachable from other machines, or asked by a page, the server writes recordings and exports only under here (docs/security.md). */
  const filesRoot = options.stateDir === undefined ? undefined : remoteFilesDir(options.stateDir);
  const remote = options.allowRemote === true;
  /** Client peers by id: what a session's members are. */
  const peers = new Map<PeerId, Peer>();

  function connected(peer: WebSocketPeer): void {
    const ws = peer.socket;
    const guard = new ConnectionGuard(limits);
    // A client is one until it says `ready` (workers written before roles were chosen at upgrade do so on `/`).
    let role = peer.role;
    if (role === 'client') peers.set(peer.id, peer);
    peer.onMessage((raw) => {
      options.onInbound?.({ id: peer.id, role }, raw);
      // Performers and the broker's workers are ours, and chatty by design; anyone else is rate-limited.
      const limited = hub.owns(ws) || workers.has(ws) ? undefined : guard.arrive();
      if (limited) {
        peer.send(encode({ type: 'error', id: peekId(raw), code: limited.code, message: limited.message }));
        if (guard.flooding) peer.close(1008, 'rate limit');
        return;
      }
      const value = parseJson(raw);
      if (role === 'client' && (value as { type?: unknown } | null)?.type === 'ready') {
        role = isServiceReady(value) ? 'worker' : 'performer';
        peers.delete(peer.id);
      }
      switch (role) {
        case 'worker':
          return hub.receive(ws, value);
        case 'performer':
          return performerMessage(peer, value);
        case 'client':
          return clientMessage(peer, guard, raw, value);
        default:
          return unreachable(role);
      }
    });
    peer.onClose((clean) => {
      pool.disconnected(ws, clean);
      hub.disconnected(ws);
      workers.delete(ws);
      peers.delete(peer.id);
      sessions.left(peer.id);
    });
  }

  /** An nREPL connection: its requests are answered one at a time, in order, as Alda's are, within the clients' rate limit. */
  function nreplConnected(peer: NreplPeer): void {
    peers.set(peer.id, peer);
    const context = { sessions, session: options.nrepl?.session ?? 'nrepl', peer: peer.id };
    const guard = new ConnectionGuard(limits);
    let turn = Promise.resolve();
    peer.onMessage((message) => {
      const limited = guard.arrive();
      if (limited && guard.flooding) return peer.close();
      turn = turn.then(async () => peer.reply(limited ? refusedNrepl(message, limited.message) : await answerNrepl(message, context)));
    });
    peer.onClose(() => {
      peers.delete(peer.id);
      sessions.left(peer.id);
    });
  }

  /**
   * A cold `play`'s messages are read by hand (src/protocol/schemas-on-demand.ts): zod and the
   * schemas are loaded once a performer has played what it was given (the first `idle`), unless a
   * request needed them sooner. Loaded as the first play's note sounded, they took CPU from it.
   */
  let schemasLoaded = false;
  function loadSchemasWhenIdle(): void {
    schemasLoaded = true;
    setImmediate(schemas);
  }

  function performerMessage(peer: WebSocketPeer, value: unknown): void {
    const worker = workers.get(peer.socket);
    const message = value instanceof ProtocolError ? value : readWorkerMessage(value);
    if (!schemasLoaded && !(message instanceof ProtocolError) && message.type === 'idle') loadSchemasWhenIdle();
    if (message instanceof ProtocolError) {
      // Refused, and logged: whoever wrote the performer reads why in the server's log too.
      log(`Performer ${worker?.id ?? peer.id}: ${message.message} (${message.code})`);
      peer.send(encode({ type: 'error', id: message.messageId, code: message.code, message: message.message }));
    } else if (message.type === 'ready') {
      try {
        workers.set(peer.socket, pool.attach(peer.socket, message));
      } catch (error) {
        const refusal = wireError(error);
        if (!refusal) throw error;
        log(`Performer ${message.worker} (pid ${message.pid}) refused: ${refusal.message}`);
        peer.send(encode({ type: 'error', ...refusal }));
        peer.close(1008, refusal.code);
      }
    } else if (worker) {
      pool.receive(worker, message);
    } else {
      peer.send(encode({ type: 'error', code: 'ALDA_BAD_MESSAGE', message: 'A performer says `ready` first' }));
    }
  }

  function clientMessage(peer: WebSocketPeer, guard: ConnectionGuard, raw: string, value: unknown): void {
    const request = value instanceof ProtocolError ? value : isHubRequest(value) ? validate(schemas().hubRequestSchema, value) : readClientRequest(value);
    if (request instanceof ProtocolError) {
      peer.send(encode({ type: 'error', id: request.messageId, code: request.code, message: request.message }));
      return;
    }
    const busy = guard.begin();
    if (busy) {
      peer.send(encode({ type: 'error', id: request.id, code: busy.code, message: busy.message }));
      return;
    }
    // A ping changes nothing, and a join nothing a repeat would double (a member joins once, and
    // gets the session's text as it is now): a repeat is answered afresh, and neither fills the
    // store (a big session's join reply is tens of MB).
    const fresh = request.type === 'ping' || request.type === 'join' || request.type === 'hello';
    const asker = { peer: peer.id, fromBrowser: peer.fromBrowser };
    const reply = fresh ? answer(asker, request) : replies.answer(token, request.id, raw, () => answer(asker, request));
    void reply.then((text) => {
      guard.finish();
      peer.send(text);
      if (request.type === 'shutdown') void close();
    });
  }

  async function answer({ peer, fromBrowser }: { peer: PeerId; fromBrowser: boolean }, request: ClientRequest | HubRequest): Promise<string> {
    try {
      const writer = remote ? 'This server takes remote connections (--allow-remote)' : fromBrowser ? 'The server takes this request from a page in a browser' : undefined;
      if (writer !== undefined) checkWritePaths(requestedWrites(request), filesRoot, writer);
      checkBrowserPath(request, { remote, fromBrowser });
      const result = isHubRequest(request)
        ? await hub.answer(request, (message) => peerSend(peer, message))
        : await (handlers[request.type] as Handler<typeof request.type>)(request, peer);
      return encode({ type: 'reply', id: request.id, result });
    } catch (error) {
      const wire = wireError(error) ?? (isServiceError(error) ? { code: error.code, message: error.message } : undefined);
      if (wire) return encode({ type: 'error', id: request.id, ...wire });
      log(`Internal error on ${request.type}: ${(error as Error).stack ?? String(error)}`);
      return encode({ type: 'error', id: request.id, code: 'ALDA_INTERNAL', message: `Something went wrong; this is a bug: ${(error as Error).message}` });
    }
  }

  function peerSend(peer: PeerId, message: Record<string, unknown>): void {
    peers.get(peer)?.send(encode(message));
  }

  /** What each client request does: one handler per request type, typed by it. */
  const handlers: { readonly [T in RequestType]: Handler<T> } = {
    eval: (request, peer) => sessions.eval(request, peer),
    check: (request) => sessions.check(request),
    live: (request) => sessions.live(request),
    unloop: (request) => sessions.looping(request.session).unloop(request.part),
    'live-status': (request) => sessions.looping(request.session).liveStatus(),
    wait: (request) => sessions.wait(request.session),
    stop: (request) => sessions.stop(request.session),
    close: (request) => sessions.close(request.session),
    engine: (request) => sessions.engine(request.session, request.engine),
    position: (request) => sessions.find(request.session).position(),
    notes: (request) => sessions.find(request.session).notes(request.from, request.to),
    page: async (request) => {
      if (!loopback) throw new CodedError('ALDA_REMOTE_NOT_ALLOWED', `The live-coding page is served only by a server on loopback; this one listens on ${host}`);
      const { code, lifetime } = pageKeys.issue();
      const session = request.session === undefined ? '' : `&session=${request.session}`;
      return { url: `${url.replace(/^ws/, 'http')}/#code=${code}${session}`, expiresIn: lifetime };
    },
    join: (request, peer) => {
      const session = sessions.find(request.session);
      session.claimSink(request.sink);
      return session.join(peer);
    },
    ps: async () => ({
      server: { pid: process.pid, url, uptime: (Date.now() - startedAt) / 1000, rss: processMemory(process.pid) },
      sessions: await Promise.all(
        sessions.all.map(async (s) => {
          const playing = await s.playing();
          const link = s.link;
          return { name: s.name, events: s.score.size, performer: s.worker?.pid ?? null, clients: s.members.size, playing, ...(link ? { link } : {}) };
        }),
      ),
      performers: pool.workers.map((w) => ({
        id: w.id,
        pid: w.pid ?? null,
        state: w.state,
        session: w.session,
        for: w.reservedFor ?? null,
        offers: w.offers ?? null,
        rss: w.pid ? processMemory(w.pid) : null,
      })),
      workers: hub.broker.workers.map((w) => ({ id: w.id, service: w.service, pid: w.pid, busy: w.current !== undefined, served: w.served })),
    }),
    ping: async () => ({ pong: true, pid: process.pid }),
    hello: async (request) => ({ ...negotiate(request, nrepl ? [...CAPABILITIES, 'nrepl'] : CAPABILITIES), server: `alda-live ${VERSION}` }),
    shutdown: async () => ({ bye: true }),
  };

  if (options.nrepl) {
    try {
      nrepl = await NreplTransport.start({ ...options.nrepl, maxPayload: limits.maxPayload, maxConnections: limits.maxConnections, onPeer: (peer) => nreplConnected(peer) });
    } catch (error) {
      await close();
      // Not EADDRINUSE itself: that would send the caller looking for another WebSocket port.
      throw new Error(`Cannot listen for nREPL on port ${options.nrepl.port}: ${(error as Error).message}`);
    }
  }

  if (options.stateDir) writeServerState(options.stateDir, { pid: process.pid, url, host, port, token, startedAt: isoTime(startedAt) });
  return { url, port, token, pool, sessions, hub, nreplPort: nrepl?.port, mintPageCode: () => pageKeys.issue().code, closed, close };
}
