import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { printAll } from '../lisp/printer.js';
import { hubRequestSchema, isHubRequest, type HubRequest } from './broker/hub-requests.js';
import { isServiceReady } from '../protocol/broker-messages.js';
import { isServiceError, ServiceHub, type ServiceHubOptions } from './broker/service-hub.js';
import { checkUpgrade } from './check-upgrade.js';
import { ConnectionGuard, peekId } from './limits/connection-guard.js';
import { sendWithin } from './limits/outbound.js';
import { checkBinding, isLoopback } from './limits/remote-binding.js';
import { serverLimits, type ServerLimits } from './limits/server-limits.js';
import { checkSessionRoom } from './limits/session-room.js';
import { LiveLoops } from './live-loops.js';
import { EvalFailure, type LiveScoreFactory } from './live-score.js';
import { wireError } from '../protocol/coded-error.js';
import type { LivenessOptions } from '../protocol/liveness.js';
import { PerformerPool } from './performer-pool.js';
import { processMemory } from './process-memory.js';
import { clientRequestSchema, encode, parseJson, ProtocolError, validate, workerMessageSchema, type ClientRequest } from '../protocol/messages.js';
import { ReplyStore } from './reply-store.js';
import { Sessions } from './sessions.js';
import { spawnPerformer } from './spawn-performer.js';
import { removeServerState, writeServerState } from '../client/state-file.js';

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
  readonly newScore: LiveScoreFactory;
  /** Start performer processes ourselves (true), or wait for performers started by hand. @default true */
  readonly spawnPerformers?: boolean;
  readonly spares?: number;
  readonly lookahead?: number;
  readonly heartbeat?: LivenessOptions;
  /** Browser origins allowed to connect (none by default: a web page must not drive the server). */
  readonly allowedOrigins?: readonly string[];
  /** The broker's services and the job store (docs/jobs.md). */
  readonly services?: Pick<ServiceHubOptions, 'spawnWorkers' | 'workers' | 'expiry'>;
  readonly log?: (line: string) => void;
}

export interface AldaServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly pool: PerformerPool;
  readonly sessions: Sessions;
  readonly hub: ServiceHub;
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
  const token = randomBytes(24).toString('base64url');
  const http = createServer((_, response) => response.writeHead(426, { 'content-type': 'text/plain' }).end('alda-live speaks WebSocket\n'));
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayload });
  const startedAt = Date.now();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 27713, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const pool: PerformerPool = new PerformerPool({
    spawn:
      options.spawnPerformers === false
        ? undefined
        : (worker) => spawnPerformer({ url, token, worker, lookahead: options.lookahead, log: (line) => log(`[${worker}] ${line}`) }),
    spares: options.spares,
    heartbeat: options.heartbeat,
    onIdle: (session) => sessions.idle(session),
    onNotice: (worker, message) => log(`[${worker.id}] ${message}`),
    onLost: (session) => sessions.lost(session),
    log,
  });
  const sessions: Sessions = new Sessions({ pool, newScore: options.newScore, maxSessions: limits.maxSessions, log });
  const live = new LiveLoops({ sessions, pool, log });
  const replies = new ReplyStore();
  const hub = new ServiceHub({ ...options.services, url, token, pool, stateDir: options.stateDir, heartbeat: options.heartbeat, log });
  const workers = new Map<WebSocket, ReturnType<PerformerPool['attach']>>();

  http.on('upgrade', (request: IncomingMessage, socket, head) => {
    const refusal = checkUpgrade(request, { token, loopback: isLoopback(host), allowedOrigins: options.allowedOrigins ?? [] });
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refusal.reason}\n`);
      return;
    }
    if (wss.clients.size >= limits.maxConnections) {
      socket.end(`HTTP/1.1 503 Too many connections\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nToo many connections (at most ${limits.maxConnections})\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => connected(ws));
  });

  let closing: Promise<void> | undefined;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const close = (): Promise<void> => {
    closing ??= (async () => {
      live.close();
      await hub.close();
      await pool.close();
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (options.stateDir) removeServerState(options.stateDir);
      markClosed();
    })();
    return closing;
  };

  const send = (ws: WebSocket, text: string) => sendWithin(ws, text, limits.maxBufferedBytes);

  function connected(ws: WebSocket): void {
    ws.on('error', () => {});
    const guard = new ConnectionGuard(limits);
    ws.on('message', (data, isBinary) => {
      const raw = isBinary ? '' : data.toString();
      // Performers and the broker's workers are ours, and chatty by design; anyone else is rate-limited.
      const limited = hub.owns(ws) || workers.has(ws) ? undefined : guard.arrive();
      if (limited) {
        send(ws, encode({ type: 'error', id: peekId(raw), code: limited.code, message: limited.message }));
        if (guard.flooding) ws.close(1008, 'rate limit');
        return;
      }
      const value = parseJson(raw);
      // A connection that says `ready` for any service but `performer` is the broker's.
      if (hub.owns(ws) || isServiceReady(value)) return hub.receive(ws, value);
      const worker = workers.get(ws);
      // A connection is a client until it says `ready`: then it is a performer.
      if (worker || (value as { type?: unknown } | null)?.type === 'ready') {
        const message = value instanceof ProtocolError ? value : validate(workerMessageSchema, value);
        if (message instanceof ProtocolError) {
          send(ws, encode({ type: 'error', id: message.messageId, code: message.code, message: message.message }));
        } else if (message.type === 'ready') {
          workers.set(ws, pool.attach(ws, message));
        } else if (worker) {
          pool.receive(worker, message);
        }
        return;
      }
      const request =
        value instanceof ProtocolError ? value : isHubRequest(value) ? validate(hubRequestSchema, value) : validate(clientRequestSchema, value);
      if (request instanceof ProtocolError) {
        send(ws, encode({ type: 'error', id: request.messageId, code: request.code, message: request.message }));
        return;
      }
      const busy = guard.begin();
      if (busy) {
        send(ws, encode({ type: 'error', id: request.id, code: busy.code, message: busy.message }));
        return;
      }
      void replies.answer(request.id, () => answer(ws, request)).then((reply) => {
        guard.finish();
        send(ws, reply);
        if (request.type === 'shutdown') void close();
      });
    });
    ws.on('close', () => {
      pool.disconnected(ws);
      hub.disconnected(ws);
      workers.delete(ws);
      for (const session of sessions.all) session.members.delete(ws);
    });
  }

  async function answer(ws: WebSocket, request: ClientRequest | HubRequest): Promise<string> {
    try {
      return encode({ type: 'reply', id: request.id, result: await run(ws, request) });
    } catch (error) {
      const wire = wireError(error) ?? (isServiceError(error) ? { code: error.code, message: error.message } : undefined);
      if (wire) return encode({ type: 'error', id: request.id, ...wire });
      log(`Internal error on ${request.type}: ${(error as Error).stack ?? String(error)}`);
      return encode({ type: 'error', id: request.id, code: 'ALDA_INTERNAL', message: `Something went wrong; this is a bug: ${(error as Error).message}` });
    }
  }

  async function run(ws: WebSocket, request: ClientRequest | HubRequest): Promise<Record<string, unknown>> {
    if (isHubRequest(request)) return hub.answer(request, (message) => send(ws, encode(message)));
    switch (request.type) {
      case 'eval': {
        checkSessionRoom(sessions.get(request.session), request.reset, limits.maxSessionEvents);
        await live.end(request.session);
        const result = await sessions.eval(request);
        const session = sessions.get(request.session);
        if (session) session.text = (request.reset ? '' : session.text) + evaluatedText(request);
        for (const member of session?.members ?? []) {
          if (member !== ws) send(member, encode({ type: 'update', session: request.session, events: result.events as number, code: request.code }));
        }
        return result;
      }
      case 'wait':
        return sessions.wait(request.session);
      case 'stop':
        await live.end(request.session);
        return sessions.stop(request.session);
      case 'live':
        return live.live(request);
      case 'unloop':
        return live.unloop(request.session, request.part);
      case 'live-status':
        return live.status(request.session);
      case 'position':
        return sessions.position(request.session);
      case 'join': {
        const session = sessions.get(request.session);
        if (!session) throw new EvalFailure('ALDA_NO_SUCH_SESSION', `There is no session "${request.session}"`);
        sessions.claimSink(session, request.sink);
        session.members.add(ws);
        return { session: session.name, events: session.score.size, code: session.text };
      }
      case 'ps':
        return {
          server: { pid: process.pid, url, uptime: (Date.now() - startedAt) / 1000, rss: processMemory(process.pid) },
          sessions: await Promise.all(
            sessions.all.map(async (s) => ({ name: s.name, events: s.score.size, performer: s.worker?.pid ?? null, clients: s.members.size, playing: await sessions.playing(s) })),
          ),
          performers: pool.workers.map((w) => ({ id: w.id, pid: w.pid ?? null, state: w.state, session: w.session, rss: w.pid ? processMemory(w.pid) : null })),
          workers: hub.broker.workers.map((w) => ({ id: w.id, service: w.service, pid: w.pid, busy: w.current !== undefined, served: w.served })),
        };
      case 'ping':
        return { pong: true, pid: process.pid };
      case 'shutdown':
        return { bye: true };
    }
  }

  if (options.stateDir) writeServerState(options.stateDir, { pid: process.pid, url, host, port, token, startedAt: new Date(startedAt).toISOString() });
  return { url, port, token, pool, sessions, hub, closed, close };
}

/** An evaluation as a line of the session's text. */
function evaluatedText(request: Extract<ClientRequest, { type: 'eval' }>): string {
  const text = (request.code ?? printAll(request.forms ?? [])).trim();
  return text === '' ? '' : text + '\n';
}
