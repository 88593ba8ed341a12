/**
 * Where a performer's MIDI goes. `due` and `at` are ms on the session's timeline (0 when its
 * transport started): when the message should have gone out, and when it did.
 */
export interface Sink {
  readonly name: string;
  send(data: readonly number[], due: number, at: number): void;
  /** Flushes and releases whatever the sink holds; safe to call twice. */
  close(): Promise<void>;
}
