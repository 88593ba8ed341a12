/**
 * bench:load's clients, in a process of their own (bench/load.ts forks it, at a lower priority):
 * CLIENTS WebSocket connections to the server, each evaluating a short note in its session RATE
 * times a second for SECONDS, one eval at a time (the next goes once the last is answered, and
 * no sooner than its turn). Lean on purpose, so that the clients' own CPU, on the cores the server
 * shares, is as small as the load they offer allows (an answer they read late counts in its ack):
 * each eval is the text a `Client` sends, made as bytes so that ws masks it into one frame and one
 * write (a string goes as a header and a body, corked into a writev); an answer is known as the
 * eval's reply by its first bytes (JSON.parse only for anything else); one sweep a second, not a
 * timer an eval, finds the evals unanswered for too long.
 * Told what to do over IPC, then told to go for so many seconds, as often as asked (a warm-up,
 * then the run measured: request ids go on from one to the next, so that none is taken for a
 * retry); answers each with the acks' latencies and errors, and ends with its parent.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface LoadPlan {
  readonly url: string;
  readonly token: string;
  readonly clients: number;
  readonly sessions: number;
  readonly rate: number;
}

export interface LoadOutcome {
  /** Each answered eval's latency, from send to its reply, in ms. */
  readonly acks: number[];
  /** When each of `acks` was sent, in ms since the load began (the first second is the server's warm-up). */
  readonly sentAt: number[];
  /** Failed evals by error code (`timeout`: no answer within 10 s). */
  readonly errors: Record<string, number>;
  /**
   * How late the clients' own event loop ran its callbacks meanwhile (p99 and max, in ms): an
   * answer that waits there to be read counts in its ack though the server had sent it.
   */
  readonly ownDelay: { readonly p99: number; readonly max: number };
}

/** How long an eval may wait for its answer before it counts as an error, in ms (the bench's old `timeout`). */
const TIMEOUT = 10_000;

function open(plan: LoadPlan): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(plan.url, { headers: { authorization: `Bearer ${plan.token}` }, perMessageDeflate: false, skipUTF8Validation: true });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function run(plan: LoadPlan, seconds: number): Promise<LoadOutcome> {
  const acks: number[] = [];
  const sentAt: number[] = [];
  const errors: Record<string, number> = {};
  const interval = 1000 / plan.rate;
  const begin = performance.now();
  const end = begin + seconds * 1000;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  /** When each client's eval in flight was sent (-1: none), and what tells it that eval timed out: swept once a second. */
  const inFlight = new Float64Array(sockets.length).fill(-1);
  const timeOuts: (() => void)[] = [];
  const sweep = setInterval(() => {
    const now = performance.now();
    for (let i = 0; i < sockets.length; i++) if (inFlight[i]! >= 0 && now - inFlight[i]! >= TIMEOUT) timeOuts[i]!();
  }, 1000);
  await Promise.all(
    sockets.map(
      (socket, i) =>
        new Promise<void>((done) => {
          const prefix = `{"v":1,"type":"eval","session":"load-${i % plan.sessions}","code":"c64","id":"bench${i}:`;
          let next = 0;
          let id = '';
          /** How the reply to the eval in flight begins: the server's envelope writes `v`, `type` and `id` first. */
          let replyStart = '';
          const send = () => {
            if (next >= end) return done();
            id = `bench${i}:${++sequences[i]!}`;
            replyStart = `{"v":1,"type":"reply","id":"${id}",`;
            const frame = Buffer.from(`${prefix}${sequences[i]}"}`);
            inFlight[i] = performance.now();
            socket.send(frame, { binary: false });
          };
          const answered = (code?: string) => {
            const sent = inFlight[i]!;
            inFlight[i] = -1;
            if (code === undefined) {
              acks.push(performance.now() - sent);
              sentAt.push(sent - begin);
            } else errors[code] = (errors[code] ?? 0) + 1;
            next += interval;
            setTimeout(send, Math.max(0, next - performance.now()));
          };
          timeOuts[i] = () => answered('timeout');
          socket.on('message', (data) => {
            const text = String(data);
            if (inFlight[i]! >= 0 && text.startsWith(replyStart)) return answered();
            const answer = JSON.parse(text) as { type: string; id?: string; code?: string };
            if (answer.id === id && inFlight[i]! >= 0) answered(answer.type === 'reply' ? undefined : (answer.code ?? 'unknown'));
          });
          // Spread the clients' evals over the interval, not all at once.
          next = performance.now() + (i / sockets.length) * interval;
          setTimeout(send, next - performance.now());
        }),
    ),
  );
  clearInterval(sweep);
  delay.disable();
  return { acks, sentAt, errors, ownDelay: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 } };
}

process.on('disconnect', () => process.exit());
let plan: LoadPlan | undefined;
const sockets: WebSocket[] = [];
/** Each client's last request id's number: a run goes on from the last one's. */
const sequences: number[] = [];
process.on('message', (message: { plan?: LoadPlan; go?: number }) => {
  if (message.plan) {
    const given = (plan = message.plan);
    void (async () => {
      for (let i = 0; i < given.clients; i++) {
        sockets.push(await open(given));
        sequences.push(0);
      }
      process.send!({ ready: true });
    })().catch((error: Error) => process.send!({ failed: error.message }));
  } else if (message.go !== undefined && plan) {
    void run(plan, message.go).then((outcome) => process.send!({ outcome }));
  }
});
