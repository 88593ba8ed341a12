import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { sendWithin } from '../limits/outbound.js';
import { PAGE_PROTOCOL } from '../../protocol/page-credential.js';
import { checkUpgrade, type UpgradePolicy } from './check-upgrade.js';
import type { Peer, Role } from './peer.js';

export interface WebSocketTransportOptions extends UpgradePolicy {
  readonly maxPayload: number;
  /** Client connections at once. */
  readonly maxConnections: number;
  /** Performer and worker connections at once, apart: clients, however many, never starve a replacement performer. */
  readonly maxWorkerConnections: number;
  readonly maxBufferedBytes: number;
  /** A connection was let in, with its role; `message` gets every text frame it sends. */
  readonly onPeer: (peer: WebSocketPeer) => void;
}

/** The role of each path: a performer connects to `/performer`, a service worker to `/worker`, a client anywhere else. */
const ROLES: Readonly<Record<string, Role>> = { '/performer': 'performer', '/worker': 'worker' };

/** A peer over a WebSocket. The performer pool and the broker still hold the socket itself. */
export class WebSocketPeer implements Peer {
  readonly id: string;
  readonly role: Role;
  readonly socket: WebSocket;
  /** It came from a browser (its upgrade sent `Origin`): one of the server's pages, or an allowed origin. */
  readonly fromBrowser: boolean;
  readonly #maxBufferedBytes: number;

  constructor(id: string, role: Role, socket: WebSocket, maxBufferedBytes: number, fromBrowser: boolean) {
    this.id = id;
    this.role = role;
    this.socket = socket;
    this.fromBrowser = fromBrowser;
    this.#maxBufferedBytes = maxBufferedBytes;
  }

  send(text: string): void {
    sendWithin(this.socket, text, this.#maxBufferedBytes);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  onClose(listener: (clean: boolean) => void): void {
    this.socket.on('close', (code: number) => listener(code === 1000 || code === 1001));
  }

  onMessage(listener: (text: string) => void): void {
    this.socket.on('message', (data, isBinary) => listener(isBinary ? '' : data.toString()));
  }
}

/**
 * The server's WebSocket side: every upgrade is checked here (token, origin, host, the connection
 * limit) and refused in one place, and a connection's role is settled by the path it asked for.
 */
export class WebSocketTransport {
  readonly #options: WebSocketTransportOptions;
  readonly #wss: WebSocketServer;
  /** Connections open (or being upgraded) by allowance: clients, and ours (performers and workers). */
  readonly #open = { clients: 0, ours: 0 };
  #sequence = 0;

  constructor(http: Server, options: WebSocketTransportOptions) {
    this.#options = options;
    // The page's credential comes as a subprotocol: the answer names only `alda-live`, never echoing it.
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, handleProtocols: (offered) => (offered.has(PAGE_PROTOCOL) ? PAGE_PROTOCOL : false) });
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(request, socket, head));
  }

  /** Closes every connection (1001) and stops taking new ones. */
  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refusal = checkUpgrade(request, this.#options);
    if (refusal) return refuse(socket, refusal.status, refusal.reason);
    const role = ROLES[new URL(request.url ?? '/', 'http://localhost').pathname] ?? 'client';
    const allowance = role === 'client' ? 'clients' : 'ours';
    const limit = role === 'client' ? this.#options.maxConnections : this.#options.maxWorkerConnections;
    if (this.#open[allowance] >= limit) {
      return refuse(socket, 503, `Too many ${role === 'client' ? '' : 'performer and worker '}connections (at most ${limit})`);
    }
    this.#open[allowance]++;
    let counted = true;
    const release = () => {
      if (counted) this.#open[allowance]--;
      counted = false;
    };
    socket.once('close', release);
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', () => {});
      ws.once('close', release);
      this.#options.onPeer(new WebSocketPeer(`${role}-${++this.#sequence}`, role, ws, this.#options.maxBufferedBytes, request.headers.origin !== undefined));
    });
  }
}

/** The one way a handshake is refused: a plain HTTP answer, and the socket closed. */
function refuse(socket: Duplex, status: number, reason: string): void {
  const title = status === 503 ? 'Too many connections' : reason;
  socket.end(`HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
}
