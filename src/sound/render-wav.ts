import { FrameScheduler, type TimedMessage } from './frame-scheduler.js';
import { GmSynth, presetUses } from './gm-synth.js';
import { MasterBus } from './master-bus.js';
import { WavWriter } from './wav-writer.js';
import { generalMidiBank } from './sound-bank.js';

export interface RenderOptions {
  /** 44,100 unless told. */
  readonly sampleRate?: number;
  /** Reverb and chorus (on unless told): they cost about four times the CPU of the voices alone. */
  readonly effects?: boolean;
  /** dB relative to the calibrated level (`MasterBus`); 0 unless told. */
  readonly gain?: number;
  /** The audio lasts at least this many frames (a score that ends in rests keeps them). */
  readonly minFrames?: number;
  /** Called after every chunk with the frames written and the frames expected before the tail. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RenderResult {
  readonly frames: number;
  readonly sampleRate: number;
  /** The largest absolute sample, after the master bus, before conversion to 16 bits. */
  readonly peak: number;
}

/** Half a second per chunk: few enough writes, little memory. */
const CHUNK_SECONDS = 0.5;
/** After the last message, render until the release tails fall below this (−80 dBFS)… */
const SILENCE = 1e-4;
/** …checked over windows this long… */
const TAIL_WINDOW_SECONDS = 0.05;
/** …but never longer than this (reverb can hover above the threshold). */
const MAX_TAIL_SECONDS = 4;

/**
 * Renders timed channel messages through the built-in GM synth into a 16-bit stereo WAV
 * file, offline and as fast as the CPU allows. The audio starts at frame 0 and ends when
 * the last note's release has died away, or at `minFrames` if that is later.
 */
export async function renderWav(
  messages: readonly TimedMessage[],
  path: string,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const synth = await GmSynth.create(await generalMidiBank(), { sampleRate: options.sampleRate ?? 44_100, effects: options.effects ?? true });
  synth.preload(presetUses(messages.map((message) => message.data)));
  const scheduler = new FrameScheduler(synth);
  scheduler.schedule(messages);
  const sampleRate = synth.sampleRate;
  const bus = new MasterBus(sampleRate, options.gain);
  let endOfMessages = options.minFrames ?? 0;
  for (const message of messages) endOfMessages = Math.max(endOfMessages, message.frame + 1);

  const writer = new WavWriter(path, sampleRate);
  let peak = 0;
  try {
    const chunk = Math.round(sampleRate * CHUNK_SECONDS);
    const left = new Float32Array(chunk);
    const right = new Float32Array(chunk);
    while (scheduler.position < endOfMessages) {
      const count = Math.min(chunk, endOfMessages - scheduler.position);
      peak = Math.max(peak, renderChunk(scheduler, bus, writer, left, right, count));
      options.onProgress?.(scheduler.position, endOfMessages);
    }
    const window = Math.round(sampleRate * TAIL_WINDOW_SECONDS);
    const tailEnd = endOfMessages + Math.round(sampleRate * MAX_TAIL_SECONDS);
    while (endOfMessages > 0 && scheduler.position < tailEnd) {
      const loudest = renderChunk(scheduler, bus, writer, left, right, window);
      peak = Math.max(peak, loudest);
      if (loudest < SILENCE) break;
    }
  } finally {
    writer.close();
  }
  return { frames: writer.frames, sampleRate, peak };
}

/** Renders `count` frames through the master bus, writes them, and returns their peak. */
function renderChunk(
  scheduler: FrameScheduler,
  bus: MasterBus,
  writer: WavWriter,
  left: Float32Array,
  right: Float32Array,
  count: number,
): number {
  left.fill(0, 0, count);
  right.fill(0, 0, count);
  scheduler.render(left, right, 0, count);
  const peak = bus.process(left, right, 0, count);
  writer.write(left, right, count);
  return peak;
}
