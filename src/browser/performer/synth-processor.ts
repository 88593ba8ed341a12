import { SoundBankLoader, SpessaLog } from 'spessasynth_core';
import { Performer } from '../../performer/performer.js';
import { playCommand } from '../../performer/play-commands.js';
import { FrameScheduler, type TimedMessage as FrameMessage } from '../../sound/frame-scheduler.js';
import { GmSynth, presetUses } from '../../sound/gm-synth.js';
import { MasterBus } from '../../sound/master-bus.js';
import { FrameClock } from './frame-clock.js';
import { WebAudioSink } from './web-audio-sink.js';
import { PROCESSOR_NAME, type FromProcessor, type ProcessorCommand, type ProcessorSetup, type ToProcessor } from './worklet-messages.js';

// The AudioWorklet's global scope (not in TypeScript's DOM library).
declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new (options: { processorOptions: ProcessorSetup }) => AudioWorkletProcessor): void;

/** The frames of one render quantum. */
const QUANTUM = 128;

/**
 * The browser performer's audio thread: the same performer as the Node process (its timeline,
 * shifts, swaps, stop and panic), driven by the audio context's frames instead of a timer, and
 * playing the same General MIDI synth as `alda-live export` (spessasynth_core with FluidR3Mono,
 * through the same frame scheduler and master bus). A message lands on its exact frame.
 */
/**
 * Quanta between two ticks to the page (a quarter of a second at 44.1 kHz): the page's heartbeat
 * is checked on each, so it comes from the loop that does the work, whatever the page's timers do.
 */
const TICK_QUANTA = Math.round(sampleRate / 4 / QUANTUM);

class SynthProcessor extends AudioWorkletProcessor {
  readonly #clock = new FrameClock(sampleRate, currentFrame);
  readonly #performer: Performer;
  readonly #bus: MasterBus;
  #synth: GmSynth | undefined;
  #frames: FrameScheduler | undefined;
  /** Context frame = synth frame + offset: the synth renders only once its bank is loaded. */
  #offset = currentFrame;
  /** process() calls since the synth loaded. */
  #calls = 0;
  readonly #offline: readonly FrameMessage[] | undefined;
  #recording = false;

  constructor(options: { processorOptions: ProcessorSetup }) {
    super();
    const setup = options.processorOptions;
    this.#bus = new MasterBus(sampleRate, setup.gain);
    this.#offline = setup.offline;
    this.#performer = new Performer({
      clock: this.#clock,
      lookahead: setup.lookahead,
      spinMargin: 0,
      onIdle: (position) => this.#post({ type: 'idle', position }),
    });
    this.port.onmessage = (event: MessageEvent<ToProcessor>) => void this.#command(event.data);
    void this.#load(setup);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const frames = this.#frames;
    const [left, right] = outputs[0] ?? [];
    this.#clock.advance(currentFrame + QUANTUM);
    if (!frames || !left || !right) return true;
    // Chromium may show a node's first call the frame of the quantum before: the synth starts on
    // the second, where `currentFrame` is right, and only then says it is ready.
    if (++this.#calls === 1) return true;
    this.#offset = currentFrame - frames.position;
    if (this.#calls === 2) {
      if (this.#offline) frames.schedule(this.#offline.map((m) => ({ frame: m.frame - this.#offset, data: m.data })));
      this.#post({ type: 'ready' });
    }
    frames.render(left, right, 0, left.length);
    this.#bus.process(left, right, 0, left.length);
    if (this.#recording) void this.#performer.flush();
    if (!this.#offline && this.#calls % TICK_QUANTA === 0) this.#post({ type: 'tick' });
    return true;
  }

  async #load(setup: ProcessorSetup): Promise<void> {
    try {
      SpessaLog.setLogLevel(false, false, false);
      const synth = await GmSynth.create(SoundBankLoader.fromArrayBuffer(setup.bank), { sampleRate, effects: setup.effects });
      if (setup.offline) synth.preload(presetUses(setup.offline.map((m) => m.data)));
      this.#synth = synth;
      this.#frames = new FrameScheduler(synth);
      this.#post({ type: 'loaded' });
    } catch (error) {
      this.#post({ type: 'failed', message: (error as Error).message });
    }
  }

  async #command({ id, command }: ToProcessor): Promise<void> {
    try {
      this.#post({ type: 'reply', id, result: await this.#run(command) });
    } catch (error) {
      this.#post({ type: 'error', id, message: (error as Error).message });
    }
  }

  async #run(command: ProcessorCommand): Promise<Record<string, unknown>> {
    if (command.type !== 'open') return playCommand(this.#performer, command);
    const synth = this.#synth;
    const frames = this.#frames;
    if (!synth || !frames) throw new Error('The synth has not loaded its sound bank yet');
    this.#recording = command.record;
    const sink = new WebAudioSink({
      frames,
      synth,
      clock: this.#clock,
      map: () => ({ sampleRate, offset: this.#offset }),
      record: command.record ? (lines) => this.#post({ type: 'played', lines }) : undefined,
    });
    await this.#performer.open(command.session, [sink]);
    return { session: command.session };
  }

  #post(message: FromProcessor): void {
    this.port.postMessage(message);
  }
}

registerProcessor(PROCESSOR_NAME, SynthProcessor);
