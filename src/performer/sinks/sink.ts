/**
 * Where a performer's MIDI goes. `due` and `at` are ms on the session's timeline (0 when its
 * transport started): when the message should have gone out, and when it did.
 */
export interface Sink {
  readonly name: string;
  send(data: readonly number[], due: number, at: number): void;
  /**
   * Called once the messages due at one moment (a chord, a part's program, volume and pan) have
   * all been sent: a sink that gathers them delivers them now, in one write, so that a burst
   * costs little more than one message and its last message is not late for the others.
   */
  sent?(): void;
  /** Told of messages as they are queued, long before they are sent (the synth decodes samples ahead). */
  prepare?(messages: readonly (readonly number[])[]): void;
  /** Resolves once what was sent has landed (a recording's lines are in the file). */
  flush?(): Promise<void>;
  /** Cuts everything at once, after the note-offs of a stop (the synth's release tails). */
  silence?(): void;
  /** Flushes and releases whatever the sink holds; safe to call twice. */
  close(): Promise<void>;
}
