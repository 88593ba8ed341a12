import { createRequire } from 'node:module';
import type JzzModule from 'jzz';

/**
 * JZZ, loaded once per process, at first use: a performer that never opens a MIDI port never
 * holds it (a static import would load it with the performer's bundle, which inlines this
 * module). It prints ALSA warnings straight to fd 2 when there is no sequencer, so only the
 * performer process (whose stderr the server filters) and the `ports` child load it.
 */
let engine: Promise<JzzEngine> | undefined;
let loaded: typeof JzzModule | undefined;
const jzzModule = (): typeof JzzModule => (loaded ??= createRequire(import.meta.url)('jzz') as typeof JzzModule);

/** The part of JZZ's API used here (its d.ts does not export the namespace's types). */
export interface JzzEngine {
  info(): unknown;
  refresh(): PromiseLike<unknown>;
  openMidiOut(name: string): PromiseLike<JzzPort>;
}
export interface JzzPort {
  send(data: number[]): unknown;
  close(): PromiseLike<unknown>;
}

export function jzzEngine(): Promise<JzzEngine> {
  engine ??= Promise.resolve(jzzModule()() as unknown as PromiseLike<JzzEngine>);
  return engine;
}

export interface MidiOutputInfo {
  readonly name: string;
  readonly manufacturer: string;
  readonly engine: string;
}

/** The MIDI outputs JZZ can see now, virtual ones included. */
export async function midiOutputs(): Promise<MidiOutputInfo[]> {
  const jzz = await jzzEngine();
  await jzz.refresh();
  const outputs = (jzz.info() as { outputs: MidiOutputInfo[] }).outputs;
  return outputs.map(({ name, manufacturer, engine }) => ({ name, manufacturer, engine }));
}

/** Registers an in-process output (a JZZ virtual port) that hands every message to `receive`. */
export function addVirtualOutput(name: string, receive: (data: number[]) => void): void {
  const jzz = jzzModule() as unknown as {
    addMidiOut(name: string, widget: unknown): void;
    Widget(impl: { _receive(message: ArrayLike<number>): void }): unknown;
  };
  jzz.addMidiOut(name, jzz.Widget({ _receive: (message) => receive(Array.from(message)) }));
}
