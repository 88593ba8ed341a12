import { SpessaSynthProcessor, type BasicSoundBank } from 'spessasynth_core';

/** The largest block spessasynth renders in one call. */
const BLOCK = 128;
const PERCUSSION_CHANNEL = 9;

/** A program (or the drum kit) and the keys a score plays on it, so its samples can be decoded ahead. */
export interface PresetUse {
  /** 0-based GM program; null for the drum kit (channel 10). */
  readonly program: number | null;
  readonly keyMin: number;
  readonly keyMax: number;
}

export interface GmSynthOptions {
  /** Frames per second; 44,100 unless told. */
  readonly sampleRate?: number;
  /** Reverb and chorus, as GM defaults them (on unless told). */
  readonly effects?: boolean;
}

/**
 * The built-in General MIDI synthesizer: raw channel messages in, stereo float blocks out.
 * It knows nothing of time; `FrameScheduler` places messages at exact frames, and the
 * caller decides where the audio goes (a WAV file, an audio device).
 */
export class GmSynth {
  readonly sampleRate: number;
  readonly #processor: SpessaSynthProcessor;
  readonly #bank: BasicSoundBank;

  private constructor(processor: SpessaSynthProcessor, bank: BasicSoundBank) {
    this.#processor = processor;
    this.#bank = bank;
    this.sampleRate = processor.sampleRate;
  }

  /**
   * A synth on a loaded bank (`generalMidiBank()` in Node; the browser's audio thread loads its
   * own from the bytes it was handed), so that this file runs in both.
   */
  static async create(bank: BasicSoundBank, options: GmSynthOptions = {}): Promise<GmSynth> {
    const processor = new SpessaSynthProcessor(options.sampleRate ?? 44_100, {
      maxBufferSize: BLOCK,
      effectsEnabled: options.effects ?? true,
    });
    processor.soundBankManager.addSoundBank(bank, 'main');
    // SF3 needs its Vorbis decoder ready before the first voice.
    await processor.processorInitialized;
    return new GmSynth(processor, bank);
  }

  /**
   * Decodes the samples these presets will play. SF3 decodes lazily on the first note,
   * which stalls a live audio callback by 30–230 ms; do this before playing.
   */
  preload(uses: Iterable<PresetUse>): void {
    for (const use of uses) {
      const preset = this.#bank.getPreset(
        { program: use.program ?? 0, bankMSB: 0, bankLSB: 0, isGMGSDrum: use.program === null },
        'gm',
      );
      preset.preload(use.keyMin, use.keyMax);
    }
  }

  /** Applies a channel message (`[status, d1, d2]` or `[status, d1]`) at the next rendered frame. */
  send(data: readonly number[]): void {
    this.#processor.processMessage(Uint8Array.from(data));
  }

  /** Renders `count` frames into `left`/`right` from `start`, adding to what is there. */
  render(left: Float32Array, right: Float32Array, start = 0, count = left.length - start): void {
    for (let done = 0; done < count; done += BLOCK) {
      this.#processor.process(left, right, start + done, Math.min(BLOCK, count - done));
    }
  }

  /** Silences every channel at once (notes and their release tails), for stop and panic. */
  silence(): void {
    this.#processor.stopAllChannels(true);
  }
}

/** Which presets and keys a list of channel messages plays: what `GmSynth.preload` wants. */
export function presetUses(messages: Iterable<readonly number[]>): PresetUse[] {
  const programOf = new Array<number>(16).fill(0);
  const ranges = new Map<number | null, { keyMin: number; keyMax: number }>();
  for (const data of messages) {
    const status = data[0]! & 0xf0;
    const channel = data[0]! & 0x0f;
    if (status === 0xc0) programOf[channel] = data[1]!;
    if (status !== 0x90) continue;
    const program = channel === PERCUSSION_CHANNEL ? null : programOf[channel]!;
    const key = data[1]!;
    const range = ranges.get(program);
    if (range) {
      range.keyMin = Math.min(range.keyMin, key);
      range.keyMax = Math.max(range.keyMax, key);
    } else ranges.set(program, { keyMin: key, keyMax: key });
  }
  return [...ranges].map(([program, range]) => ({ program, ...range }));
}
