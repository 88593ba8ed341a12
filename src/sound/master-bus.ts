/**
 * The level the built-in synth plays at, in dB on top of the synth's own output. Measured with
 * FluidR3Mono (notes/synth.md): a plain piano line at Alda's default volume (mf) peaks at about
 * −31.5 dBFS raw, and the corpus scores between −31 and −11.5 dBFS; +27 dB puts that piano line
 * near −4.5 dBFS, and the limiter holds the louder scores under the ceiling.
 */
export const CALIBRATED_GAIN_DB = 27;

/** No sample leaves the bus louder than this: −1 dBFS, room for the 16-bit rounding and for resamplers downstream. */
export const LIMITER_CEILING = 10 ** (-1 / 20);

/** How fast the limiter lets go once a peak has passed: long enough not to ripple a bass note's waveform. */
const RELEASE_SECONDS = 0.25;

/** What `--gain DB` takes, relative to the calibrated level. */
export const GAIN_RANGE_DB = { min: -60, max: 24 } as const;

/**
 * The last stage before the samples leave the synth, the same offline (WAV) and live (audio
 * device): a fixed gain, so every export and every live session of the same music is equally
 * loud (no per-file normalising), then a stereo-linked peak limiter. The limiter has no
 * look-ahead, so that live audio gains no latency: its gain falls at once to what keeps the
 * sample under the ceiling and recovers over `RELEASE_SECONDS`. Nothing ever clips.
 */
export class MasterBus {
  readonly #gain: number;
  readonly #release: number;
  /** The limiter's gain now, 1 when it is not limiting. */
  #envelope = 1;

  /** `gainDb` is relative to `CALIBRATED_GAIN_DB`: 0 plays at the calibrated level. */
  constructor(sampleRate: number, gainDb = 0) {
    if (!(Number.isFinite(gainDb) && gainDb >= GAIN_RANGE_DB.min && gainDb <= GAIN_RANGE_DB.max)) {
      throw new RangeError(`Expected a gain from ${GAIN_RANGE_DB.min} to ${GAIN_RANGE_DB.max} dB, got ${gainDb}`);
    }
    this.#gain = 10 ** ((CALIBRATED_GAIN_DB + gainDb) / 20);
    this.#release = 1 - Math.exp(-1 / (RELEASE_SECONDS * sampleRate));
  }

  /** Applies gain and limiter in place to `count` frames from `start`; returns the peak of what it wrote. */
  process(left: Float32Array, right: Float32Array, start = 0, count = left.length - start): number {
    let peak = 0;
    let envelope = this.#envelope;
    for (let i = start; i < start + count; i++) {
      const l = left[i]! * this.#gain;
      const r = right[i]! * this.#gain;
      const level = Math.max(Math.abs(l), Math.abs(r));
      envelope += (1 - envelope) * this.#release;
      if (level * envelope > LIMITER_CEILING) envelope = LIMITER_CEILING / level;
      left[i] = l * envelope;
      right[i] = r * envelope;
      peak = Math.max(peak, level * envelope);
    }
    this.#envelope = envelope;
    return peak;
  }
}
