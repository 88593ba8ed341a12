import type { RawClient } from '../pipeline/harness.js';

/** Sends a request and resolves with its answer (`reply` or `error`), past any `partial` messages. */
export function ask(client: RawClient, message: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listen = (data: Buffer) => {
      const received = JSON.parse(data.toString()) as Record<string, unknown>;
      if (received.id !== message.id || received.type === 'partial') return;
      client.socket.off('message', listen);
      resolve(received);
    };
    client.socket.on('message', listen);
    client.socket.send(JSON.stringify({ v: 1, ...message }));
  });
}
