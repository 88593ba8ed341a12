import WebSocket from 'ws';
import { encode } from '../../src/protocol/messages.js';
import type { AldaServer } from '../../src/server/server.js';
import { within } from '../pipeline/harness.js';

/**
 * A performer that answers only when told to: it says `ready` like a real one, and keeps the
 * commands it gets until the test releases them, so that a request can be held in progress.
 */
export class FakePerformer {
  readonly socket: WebSocket;
  readonly commands: Record<string, unknown>[] = [];
  #waiting: (() => void) | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      const command = JSON.parse(data.toString()) as Record<string, unknown>;
      if (command.type === 'heartbeat') return;
      this.commands.push(command);
      this.#waiting?.();
    });
  }

  /** Connects and says `ready` as `worker`; `ready` adds to (or overrides) what that message says (`session`: the one it was playing, when it comes back). */
  static async attach(server: AldaServer, worker: string, ready: Record<string, unknown> = {}): Promise<FakePerformer> {
    const socket = new WebSocket(server.url, { headers: { authorization: `Bearer ${server.token}` } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const performer = new FakePerformer(socket);
    socket.send(encode({ type: 'ready', service: 'performer', worker, pid: process.pid, session: null, ...ready }));
    return performer;
  }

  /** The next command of `type` not yet answered; fails after `timeout` ms without one. */
  async next(type: string, timeout = 15_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const index = this.commands.findIndex((c) => c.type === type);
      if (index >= 0) return this.commands.splice(index, 1)[0]!;
      await within<void>(Math.max(deadline - Date.now(), 0), `a \`${type}\` command`, (resolve) => {
        this.#waiting = () => resolve();
      });
    }
  }

  reply(command: Record<string, unknown>, result: Record<string, unknown>): void {
    this.socket.send(encode({ type: 'reply', id: command.id, result }));
  }

  close(): void {
    this.socket.terminate();
  }
}
