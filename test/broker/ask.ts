import { within, type RawClient } from '../pipeline/harness.js';

/** Sends a request and resolves with its answer (`reply` or `error`), past any `partial` messages; fails after `timeout` ms without one. */
export function ask(client: RawClient, message: Record<string, unknown>, timeout = 30_000): Promise<Record<string, unknown>> {
  return within(timeout, `an answer to ${String(message.type)} ${String(message.id)}`, (resolve) => {
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
