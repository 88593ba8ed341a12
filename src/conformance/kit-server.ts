import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineScore } from '../server/session/engine-score.js';
import { startServer, type AldaServer } from '../server/server.js';
import type { Role } from '../server/transport/peer.js';

/** A message a candidate sent, as the kit saw it arrive. */
export interface Inbound {
  readonly peer: string;
  readonly role: Role;
  /** Parsed, or undefined when it was not JSON. */
  readonly message: Record<string, unknown> | undefined;
  readonly text: string;
  /** performance.now() when it arrived. */
  readonly at: number;
}

/**
 * The kit's own server: loopback, a free port, a temp state dir, no components of its own (the
 * candidate is the only performer or worker). It can be restarted on the same URL with the same
 * token, as a component must survive; it keeps what candidates send, and what it logs.
 */
export class KitServer {
  readonly stateDir: string;
  readonly token = randomBytes(24).toString('base64url');
  readonly tokenFile: string;
  readonly inbound: Inbound[] = [];
  readonly log: string[] = [];
  #server: AldaServer | undefined;
  #port = 0;

  private constructor(stateDir: string) {
    this.stateDir = stateDir;
    this.tokenFile = join(stateDir, 'token');
    writeFileSync(this.tokenFile, this.token + '\n', { mode: 0o600 });
  }

  static async start(stateDir: string): Promise<KitServer> {
    const kit = new KitServer(stateDir);
    await kit.restart();
    return kit;
  }

  get server(): AldaServer {
    if (!this.#server) throw new Error('The kit server is not running');
    return this.#server;
  }

  get url(): string {
    return this.server.url;
  }

  /**
   * The longest the connection stayed silent from `since` until now, in ms: a peer silent for 3
   * heartbeat intervals (3 s) is dead, so a component must send something (a heartbeat) sooner.
   */
  longestSilence(peer: string, since: number): number {
    const times = [since, ...this.inbound.filter((i) => i.peer === peer && i.at >= since).map((i) => i.at), performance.now()];
    return Math.max(...times.slice(1).map((time, index) => time - times[index]!));
  }

  /** What one connection sent, parsed, in order. */
  from(peer: string): Record<string, unknown>[] {
    return this.inbound.filter((i) => i.peer === peer && i.message).map((i) => i.message!);
  }

  /** Stops the server (its connections close; a component started by hand is not told to exit) and starts it again on the same port. */
  async restart(): Promise<void> {
    await this.#server?.close();
    this.#server = await startServer({
      port: this.#port,
      token: this.token,
      stateDir: this.stateDir,
      newScore: () => new EngineScore(),
      spawnPerformers: false,
      spares: 0,
      services: { spawnWorkers: false },
      log: (line) => this.log.push(line),
      onInbound: (peer, text) => this.inbound.push({ peer: peer.id, role: peer.role, message: parse(text), text, at: performance.now() }),
    });
    this.#port = this.#server.port;
  }

  async close(): Promise<void> {
    await this.#server?.close();
    this.#server = undefined;
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
