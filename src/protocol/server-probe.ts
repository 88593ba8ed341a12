import WebSocket from 'ws';
import { encode } from './envelope.js';
import type { ServerState } from './state-file.js';

/**
 * Whether the server a state file names is really there: something on its port that takes its
 * token and answers a `ping` as the pid the file names. A pid alone proves nothing: after a
 * crash or a reboot it may belong to any other process.
 */
export function serverAnswers(state: ServerState, timeout = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(state.url, { headers: { authorization: `Bearer ${state.token}` } });
    const finish = (answer: boolean) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), timeout);
    socket.once('open', () => socket.send(encode({ type: 'ping', id: 'probe:1' })));
    socket.once('message', (data) => {
      try {
        const reply = JSON.parse(data.toString()) as { type?: unknown; result?: { pid?: unknown } };
        finish(reply.type === 'reply' && reply.result?.pid === state.pid);
      } catch {
        finish(false);
      }
    });
    socket.once('error', () => finish(false));
    socket.once('unexpected-response', () => finish(false));
  });
}
