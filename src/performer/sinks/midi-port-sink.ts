import { jzzEngine, midiOutputs, type JzzPort, type MidiOutputInfo } from './jzz.js';
import type { Sink } from './sink.js';

/** The requested MIDI output does not exist. */
export class MidiPortError extends Error {
  readonly code = 'ALDA_NO_SUCH_PORT';
}

/** The output whose name is `name`, or the first whose name contains it (case-insensitive); throws MidiPortError if none. */
export async function findMidiOutput(name: string): Promise<MidiOutputInfo> {
  const outputs = await midiOutputs();
  const wanted = name.toLowerCase();
  const match = outputs.find((o) => o.name === name) ?? outputs.find((o) => o.name.toLowerCase().includes(wanted));
  if (!match) {
    const known = outputs.length > 0 ? outputs.map((o) => o.name).join(', ') : 'none';
    throw new MidiPortError(`No MIDI output named "${name}" (outputs: ${known}); \`alda-live ports\` lists them`);
  }
  return match;
}

/** MIDI out through a JZZ port: a hardware or software synth, or a virtual port. */
export class MidiPortSink implements Sink {
  readonly name: string;
  readonly #port: JzzPort;
  #closed = false;

  private constructor(name: string, port: JzzPort) {
    this.name = `midi:${name}`;
    this.#port = port;
  }

  /** Opens the output whose name is `name`, or the first whose name contains it (case-insensitive). */
  static async open(name: string): Promise<MidiPortSink> {
    const match = await findMidiOutput(name);
    const jzz = await jzzEngine();
    const port = await jzz.openMidiOut(match.name);
    return new MidiPortSink(match.name, port);
  }

  send(data: readonly number[]): void {
    if (!this.#closed) this.#port.send([...data]);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#port.close();
  }
}
