import fc from 'fast-check';
import WebSocket from 'ws';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { startServer, type AldaServer } from '../../src/server/server.js';
import { freshDir, stopServer } from '../pipeline/harness.js';
import { mutatedMessage, tame } from './messages.js';

/** What a message may change: the sessions, their scores, texts and members. */
function snapshot(server: AldaServer): string {
  return JSON.stringify(server.sessions.all.map((s) => [s.name, s.score.size, s.text, s.members.size]));
}

export interface ServerTarget {
  readonly property: fc.IAsyncProperty<[string]>;
  close(): Promise<void>;
}

/**
 * The server's message handling, over a real socket: every mutated message gets exactly one
 * answer, a reply or an error with a known code (never ALDA_INTERNAL); an error changes no
 * session; and the server answers a ping after it.
 */
export async function serverTarget(): Promise<ServerTarget> {
  const dir = freshDir('alda-live-fuzz-');
  const server = await startServer({
    port: 0,
    stateDir: dir,
    newScore: () => new EngineScore(),
    log: () => {},
    spawnPerformers: false,
    messageRate: 1_000_000,
    messageBurst: 1_000_000,
  });
  const socket = new WebSocket(server.url, { headers: { authorization: `Bearer ${server.token}` } });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const next = (what: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No answer to ${what} within 10 s`)), 10_000);
      socket.once('message', (data) => {
        clearTimeout(timer);
        resolve(JSON.parse(data.toString()) as Record<string, unknown>);
      });
    });
  let n = 0;
  const property = fc.asyncProperty(mutatedMessage, async (mutated) => {
    const raw = tame(mutated, ++n);
    const before = snapshot(server);
    const answer = next(raw.slice(0, 200));
    socket.send(raw);
    const reply = await answer;
    if (reply.type !== 'reply' && reply.type !== 'error') throw new Error(`Answered with ${JSON.stringify(reply).slice(0, 200)}`);
    if (reply.type === 'error') {
      if (reply.code === 'ALDA_INTERNAL') throw new Error(`Internal error: ${String(reply.message)}`);
      if (snapshot(server) !== before) throw new Error(`A refused message (${String(reply.code)}) changed a session`);
    }
    const pong = next('a ping');
    socket.send(JSON.stringify({ v: 1, type: 'ping', id: `probe:${n}` }));
    if ((await pong).id !== `probe:${n}`) throw new Error('The server did not answer a ping after the case');
  });
  return {
    property,
    close: async () => {
      socket.close();
      await stopServer(server, dir);
    },
  };
}
