import type { PerformerCommand, PerformerResults } from '../protocol/performer-messages.js';
import type { Performer } from './performer.js';

/** The commands that act on what a performer plays, whatever carries them to it (a socket, an audio thread's port). */
export type PlayCommand = Extract<PerformerCommand, { type: 'schedule' | 'replace' | 'stop' | 'panic' | 'position' }>;

/** Carries out one play command on the performer and returns its reply's result (docs/protocol.md, "Server → performer"). */
export async function playCommand<C extends PlayCommand>(performer: Performer, command: C): Promise<PerformerResults[C['type']]> {
  return (await play(performer, command)) as PerformerResults[C['type']];
}

async function play(performer: Performer, command: PlayCommand): Promise<PerformerResults[PlayCommand['type']]> {
  switch (command.type) {
    case 'schedule':
      return { ...performer.schedule(command.start, command.messages, command.continues ?? false, command.tempo), position: performer.position() };
    case 'replace':
      return { ...performer.replace(command.part, command.from, command.messages, command.tempo), position: performer.position() };
    case 'stop':
      performer.stop();
      return { position: performer.position() };
    case 'panic':
      performer.panic();
      await performer.flush();
      return { position: performer.position() };
    case 'position':
      // Done playing means recorded too: a client that sees nothing left finds every line in place.
      if (performer.pending === 0 && performer.sounding === 0) await performer.flush();
      return { position: performer.position(), pending: performer.pending, sounding: performer.sounding };
  }
}
