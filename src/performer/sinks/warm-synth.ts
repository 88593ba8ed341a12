import type { Sink } from './sink.js';
import type { SynthSink, SynthSinkOptions } from './synth-sink.js';

/**
 * The built-in synth, kept for the performer process's life. Starting it (its thread, the synth
 * library and the General MIDI bank) takes a few hundred ms, which every session's first note
 * would otherwise wait for: the spare performer warms it before any session asks, a session
 * borrows it, and gives it back silenced when it ends.
 */
export class WarmSynth {
  readonly #options: SynthSinkOptions;
  #synth: Promise<SynthSink> | undefined;
  #lent = false;

  constructor(options: SynthSinkOptions = {}) {
    this.#options = options;
  }

  /** Starts the synth now, if it is not started; a synth that could not start is tried again next time. */
  warm(): Promise<SynthSink> {
    this.#synth ??= import('./synth-sink.js').then(({ SynthSink }) => SynthSink.open(this.#options));
    this.#synth.catch(() => (this.#synth = undefined));
    return this.#synth;
  }

  /**
   * The synth for a session. A performer serves one session at a time, but a session's sinks
   * may open before the last ones closed: the kept synth is lent once, and a second borrower
   * gets one of its own.
   */
  async borrow(): Promise<Sink> {
    if (this.#lent) {
      const { SynthSink } = await import('./synth-sink.js');
      return SynthSink.open(this.#options);
    }
    const synth = await this.warm();
    this.#lent = true;
    let returned = false;
    return {
      name: synth.name,
      send: (data) => synth.send(data),
      sent: () => synth.sent(),
      prepare: (messages) => synth.prepare(messages),
      silence: () => synth.silence(),
      close: async () => {
        if (returned) return;
        returned = true;
        synth.sent();
        synth.silence();
        this.#lent = false;
      },
    };
  }

  /** Ends the synth's thread. */
  async close(): Promise<void> {
    const synth = this.#synth;
    this.#synth = undefined;
    await (await synth?.catch(() => undefined))?.close();
  }
}
