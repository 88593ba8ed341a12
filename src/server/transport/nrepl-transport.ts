import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import bencode from 'bencode';
import type { Peer } from './peer.js';

/** A decoded nREPL request: a dictionary whose strings are UTF-8 text. */
export type NreplMessage = Readonly<Record<string, unknown>>;

export interface NreplTransportOptions {
  /** 0 picks a free port, as Alda's `alda repl --server` does without `--port`. */
  readonly port: number;
  /** Where `.alda-nrepl-port` is written (removed on close), for editors that look for it; omitted, none is written. */
  readonly portFileDir?: string | undefined;
  /** Largest request, in bytes; a connection that sends a larger one is closed. */
  readonly maxPayload: number;
  readonly maxConnections: number;
  /** A connection was let in; its requests go to `onMessage`. */
  readonly onPeer: (peer: NreplPeer) => void;
}

/** The file vim-alda and alda-mode read to find the port, named as Alda names it. */
export const NREPL_PORT_FILE = '.alda-nrepl-port';

const DICTIONARY_START = 0x64; // 'd'
const END = 0x65; // 'e'

/**
 * A peer over an nREPL connection (bencoded dictionaries over TCP). It speaks no JSON: `send`
 * carries a protocol message as a bencoded dictionary, `reply` an nREPL response.
 */
export class NreplPeer implements Peer {
  readonly id: string;
  readonly role = 'client' as const;
  readonly #socket: Socket;
  readonly #listeners: ((message: NreplMessage) => void)[] = [];

  constructor(id: string, socket: Socket) {
    this.id = id;
    this.#socket = socket;
  }

  send(text: string): void {
    this.reply(JSON.parse(text) as Record<string, unknown>);
  }

  reply(message: Record<string, unknown>): void {
    if (!this.#socket.destroyed) this.#socket.write(bencode.encode(message));
  }

  close(): void {
    this.#socket.destroy();
  }

  onClose(listener: (clean: boolean) => void): void {
    this.#socket.on('close', (hadError: boolean) => listener(!hadError));
  }

  onMessage(listener: (message: NreplMessage) => void): void {
    this.#listeners.push(listener);
  }

  /** Called by the transport with each whole request. */
  receive(message: NreplMessage): void {
    for (const listener of this.#listeners) listener(message);
  }
}

/**
 * Alda 2's REPL endpoint: nREPL on loopback, with no token, because the editors that speak it
 * send none. So nothing but a bencoded dictionary gets a hearing: a connection whose bytes do not
 * begin one (an HTTP request a web page made, say) is closed at once, as is one that sends a
 * request past `maxPayload`.
 */
export class NreplTransport {
  readonly port: number;
  readonly #server: Server;
  readonly #portFile: string | undefined;
  readonly #sockets: Set<Socket>;

  private constructor(server: Server, sockets: Set<Socket>, portFile: string | undefined) {
    this.#server = server;
    this.#sockets = sockets;
    this.port = (server.address() as AddressInfo).port;
    this.#portFile = portFile;
  }

  static async start(options: NreplTransportOptions): Promise<NreplTransport> {
    let sequence = 0;
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      if (sockets.size >= options.maxConnections) return void socket.destroy();
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      const peer = new NreplPeer(`nrepl-${++sequence}`, socket);
      options.onPeer(peer);
      readRequests(socket, options.maxPayload, (message) => peer.receive(message));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const portFile = options.portFileDir === undefined ? undefined : join(options.portFileDir, NREPL_PORT_FILE);
    const transport = new NreplTransport(server, sockets, portFile);
    if (portFile) writeFileSync(portFile, String(transport.port));
    return transport;
  }

  /** Closes every connection, stops listening and removes the port file. */
  async close(): Promise<void> {
    if (this.#portFile) rmSync(this.#portFile, { force: true });
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Splits a connection's bytes into requests; anything that is not a dictionary closes it. */
function readRequests(socket: Socket, maxPayload: number, deliver: (message: NreplMessage) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length === 0) return;
      if (!opensDictionary(pending)) return void socket.destroy();
      const decoded = decodeOne(pending);
      if (decoded === undefined) {
        if (pending.length > maxPayload) socket.destroy();
        return;
      }
      pending = pending.subarray(decoded.length);
      deliver(decoded.message);
    }
  });
}

/** `d` then a string's length or the end: the start of a bencoded dictionary, and of nothing else people send. */
function opensDictionary(bytes: Buffer): boolean {
  if (bytes[0] !== DICTIONARY_START) return false;
  if (bytes.length < 2) return true;
  const next = bytes[1]!;
  return next === END || (next >= 0x30 && next <= 0x39);
}

/** The first whole request in `bytes` and how many bytes it took; undefined while it is incomplete. */
function decodeOne(bytes: Buffer): { message: NreplMessage; length: number } | undefined {
  let message: unknown;
  try {
    // Decoded as bytes: this version's decoder fails on dictionaries when asked for text.
    message = bencode.decode(bytes);
  } catch {
    return undefined;
  }
  // The decoder reads a string cut short as what there is of it: its position past the end tells.
  // (Its `bytes` is the length of the whole input, not of the value read, whatever its types say.)
  const length = (bencode.decode as unknown as { position: number }).position;
  if (length > bytes.length) return undefined;
  return { message: asText(message) as NreplMessage, length };
}

/** Byte strings as UTF-8 text: Alda's server reads every request field as a string too. */
function asText(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(asText);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asText(item)]));
  return value;
}
