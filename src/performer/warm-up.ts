import { PROTOCOL_VERSION } from '../protocol/envelope.js';
import { readPerformerCommand } from '../protocol/performer-command-reader.js';
import { ProtocolError } from '../protocol/protocol-error.js';
import type { Clock } from './clock.js';
import { Performer } from './performer.js';
import { playCommand, type PlayCommand } from './play-commands.js';
import type { Sink } from './sinks/sink.js';

/** Notes of the warm-up score: enough calls of the loop's functions for V8 to optimize them all (see `warmUp`). */
const WARM_UP_NOTES = 500;
/** Ms from one warm-up note to the next, each half of it sounding: more than the scheduler's spin margin, so that each burst lets I/O in and pauses, as a play's do. */
const WARM_UP_SPACING = 4;
/** Messages a schedule command carries, as the server's chunks (src/server/session/timed-batch.ts). */
const CHUNK = 256;

/** Where the warm-up plays: nothing is heard and nothing goes out. */
export const SILENCE: Sink = {
  name: 'null',
  send: () => undefined,
  sent: () => undefined,
  close: async () => undefined,
};

/**
 * Plays a silent score through the performer's own code (a schedule command read as the server's
 * are, then the scheduler's loop on the real clock: timers, pauses, sends) to a sink that keeps
 * nothing, so that the functions a play runs hot are compiled before a session is played, not at
 * fixed messages of its first seconds: each one turning hot stopped a quiet play for up to 10–13
 * ms (bench/README.md). Its own Performer: the one that plays sessions is not touched. Resolves
 * once it has played, or at once after `stop` (a session is opening: it has the loop to itself).
 */
export function warmUp(clock: Clock, sink: Sink = SILENCE): { readonly done: Promise<void>; stop(): void } {
  let stopped = false;
  let finish = () => undefined as void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const performer = new Performer({ clock, onIdle: () => finish() });
  void performer.open('warm-up', [sink]).then(() => {
    for (const raw of scoreCommands()) {
      if (stopped) return;
      const command = readPerformerCommand(raw);
      // Never so (test/performer/warm-up.test.ts plays it); were it, the performer plays on unwarmed.
      if (command instanceof ProtocolError) return finish();
      void playCommand(performer, command as PlayCommand).catch(() => undefined);
    }
  });
  return {
    done,
    stop: () => {
      if (stopped) return;
      stopped = true;
      void performer.close();
      finish();
    },
  };
}

/** The warm-up score as the server sends a score: schedule commands of CHUNK messages, the first with a part's set-up. */
function scoreCommands(): string[] {
  const messages: string[] = ['{"t":0,"d":[192,0],"p":"warm-up"}', '{"t":0,"d":[176,7,100],"p":"warm-up"}', '{"t":0,"d":[176,10,64],"p":"warm-up"}'];
  for (let i = 0; i < WARM_UP_NOTES; i++) {
    const t = i * WARM_UP_SPACING;
    const key = 48 + (i % 24);
    messages.push(`{"t":${t},"d":[144,${key},100],"p":"warm-up"}`, `{"t":${t + WARM_UP_SPACING / 2},"d":[128,${key},0],"p":"warm-up"}`);
  }
  const commands: string[] = [];
  for (let i = 0; i < messages.length; i += CHUNK) {
    const continues = i > 0 ? ',"continues":true' : '';
    commands.push(`{"v":${PROTOCOL_VERSION},"type":"schedule","id":"warm-up-${i / CHUNK}","start":0${continues},"messages":[${messages.slice(i, i + CHUNK).join(',')}]}`);
  }
  return commands;
}
