import { createRequire } from 'node:module';
import JZZ from 'jzz';

/** jzz-midi-smf has no types; this is the part of it these tests read with. */
export interface JzzSmf {
  readonly type: number;
  readonly ppqn: number;
  readonly length: number;
  readonly [track: number]: ArrayLike<{ readonly tt: number; readonly ff?: number; readonly dd?: string; readonly [byte: number]: number }>;
  validate(): readonly { toString(): string }[] | undefined;
}

const require = createRequire(import.meta.url);
(require('jzz-midi-smf') as (jzz: unknown) => void)(JZZ);
const Smf = (JZZ as unknown as { MIDI: { SMF: new (data: string) => JzzSmf } }).MIDI.SMF;

/** Parses a MIDI file with jzz-midi-smf, a parser that shares no code with the writer. */
export function readWithJzz(bytes: Uint8Array): JzzSmf {
  return new Smf(Buffer.from(bytes).toString('latin1'));
}
