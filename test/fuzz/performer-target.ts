import fc from 'fast-check';
import WebSocket from 'ws';
import { encode } from '../../src/protocol/messages.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { startServer } from '../../src/server/server.js';
import { freshDir, stopServer } from '../pipeline/harness.js';
import { mutatedFrom, VALID_WORKER_MESSAGES } from './messages.js';
import type { ServerTarget } from './server-target.js';

const open = (url: string, token: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });

/**
 * A hostile performer: it holds the token, says `ready`, and then sends mutated performer
 * messages. The server must log no internal error, and answer a client's ping after each one.
 */
export async function performerTarget(): Promise<ServerTarget> {
  const dir = freshDir('alda-live-fuzz-');
  const internal: string[] = [];
  const server = await startServer({
    port: 0,
    stateDir: dir,
    newScore: () => new EngineScore(),
    log: (line) => void (/internal|bug/i.test(line) && internal.push(line)),
    spawnPerformers: false,
    messageRate: 1_000_000,
    messageBurst: 1_000_000,
  });
  const client = await open(server.url, server.token);
  let performer = await open(server.url, server.token);
  performer.send(encode({ type: 'ready', service: 'performer', worker: 'fuzz-performer', pid: process.pid, session: null }));
  let n = 0;
  const property = fc.asyncProperty(mutatedFrom(VALID_WORKER_MESSAGES), async (raw) => {
    if (performer.readyState !== WebSocket.OPEN) {
      performer = await open(server.url, server.token);
      performer.send(encode({ type: 'ready', service: 'performer', worker: `fuzz-performer-${n}`, pid: process.pid, session: null }));
    }
    performer.send(raw);
    const id = `probe:${++n}`;
    const pong = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('No answer to a ping within 10 s')), 10_000);
      client.once('message', (data) => {
        clearTimeout(timer);
        resolve(JSON.parse(data.toString()) as Record<string, unknown>);
      });
    });
    client.send(JSON.stringify({ v: 1, type: 'ping', id }));
    const answer = await pong;
    if (answer.id !== id || answer.type !== 'reply') throw new Error(`The server did not answer a ping after the case: ${JSON.stringify(answer)}`);
    if (internal.length > 0) throw new Error(`Internal error: ${internal.splice(0).join('; ')}`);
  });
  return {
    property,
    close: async () => {
      client.close();
      performer.close();
      await stopServer(server, dir);
    },
  };
}
