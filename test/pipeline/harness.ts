import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, type Test } from 'uvu';
import WebSocket from 'ws';
import { encode } from '../../src/protocol/messages.js';
import { startServer, type AldaServer, type ServerOptions } from '../../src/server/server.js';
import { NoteListScore } from './note-list-score.js';

/** A fresh temp dir, removed by `cleanup`. */
/** The HTTP status a WebSocket upgrade gets, or 101 when it is let through. */
export function upgrade(url: string, headers: Record<string, string>): Promise<number> {
  return within(10_000, `the upgrade to ${url}`, (resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_, response) => {
      socket.terminate();
      resolve(response.statusCode ?? 0);
    });
    socket.once('error', () => {});
  });
}

export function freshDir(prefix = 'alda-live-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A server on a free loopback port with its own state dir, spawning real performer processes. */
export async function testServer(options: Partial<ServerOptions> = {}): Promise<{ server: AldaServer; dir: string }> {
  const dir = freshDir();
  const server = await startServer({ port: 0, stateDir: dir, newScore: () => new NoteListScore(), log: () => {}, ...options });
  // Whatever happens to the test, no performer outlives this process.
  process.once('exit', () => {
    for (const worker of server.pool.workers) if (worker.child?.pid) worker.child.kill('SIGKILL');
  });
  return { server, dir };
}

export async function stopServer(server: AldaServer, dir: string): Promise<void> {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Polls `fact` until it returns something other than undefined/false, or fails after `timeout` ms. */
export async function waitFor<T>(what: string, fact: () => T | undefined | false | Promise<T | undefined | false>, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fact();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Recorded {
  readonly at: number;
  readonly due: number;
  readonly data: number[];
}

/** The lines of a recording so far (a half-written last line is left for the next read). */
export function readRecording(file: string): Recorded[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.endsWith('}'))
    .map((line) => JSON.parse(line) as Recorded);
}

export const isNoteOn = (r: Recorded) => (r.data[0]! & 0xf0) === 0x90 && r.data[2]! > 0;
export const isNoteOff = (r: Recorded) => (r.data[0]! & 0xf0) === 0x80 || ((r.data[0]! & 0xf0) === 0x90 && r.data[2] === 0);

/** A raw protocol connection, for tests that send what no well-behaved client would. */
export class RawClient {
  readonly socket: WebSocket;
  readonly #replies = new Map<string, (message: Record<string, unknown>) => void>();
  readonly received: Record<string, unknown>[] = [];
  #joins = 0;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      this.received.push(message);
      const waiting = this.#replies.get(String(message.id));
      if (waiting) waiting(message);
    });
  }

  static async open(server: Pick<AldaServer, 'url' | 'token'>): Promise<RawClient> {
    const socket = new WebSocket(server.url, { headers: { authorization: `Bearer ${server.token}` } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  /** Sends a request and resolves with the reply (or error) that carries its id; fails after `timeout` ms without one. */
  request(message: Record<string, unknown>, timeout = 15_000): Promise<Record<string, unknown>> {
    const id = String(message.id);
    return within(timeout, `a reply to ${message.type} ${id}`, (resolve) => {
      this.#replies.set(id, resolve);
      this.socket.send(encode(message));
    });
  }

  /** Sends raw text and resolves with the next message; fails after `timeout` ms without one. */
  sendRaw(text: string, timeout = 15_000): Promise<Record<string, unknown>> {
    return within(timeout, `an answer to ${text.slice(0, 60)}`, (resolve) => {
      this.socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
      this.socket.send(text);
    });
  }

  /** A session as `join` gives it: its event count and its text (and this connection a member). */
  async joined(session: string): Promise<{ events: number; code: string }> {
    const reply = await this.request({ v: 1, type: 'join', id: `join:${session}:${++this.#joins}`, session });
    if (reply.type !== 'reply') throw new Error(`join ${session}: ${JSON.stringify(reply)}`);
    return reply.result as { events: number; code: string };
  }

  close(): void {
    this.socket.close();
  }
}

/** A promise that `start` settles, or that fails saying what never came after `timeout` ms: a hang fails the test instead of stalling the suite. */
export function within<T>(timeout: number, what: string, start: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out after ${timeout} ms waiting for ${what}`)), timeout);
    start((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** What a `serverSuite`'s tests get: a test server, its state dir and one raw client. */
export interface ServerContext {
  server: AldaServer;
  dir: string;
  client: RawClient;
}

/** A suite whose tests share a test server and one raw client, started before them and ended after. */
export function serverSuite<T extends ServerContext>(name: string, options: Partial<ServerOptions> = {}): Test<T> {
  const test = suite<T>(name);
  test.before(async (context) => {
    const { server, dir } = await testServer(options);
    context.server = server;
    context.dir = dir;
    context.client = await RawClient.open(server);
  });
  test.after(async ({ server, dir, client }) => {
    client?.close();
    if (server) await stopServer(server, dir);
  });
  return test;
}
