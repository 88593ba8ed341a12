import type { TimedMessage as FrameMessage } from '../../sound/frame-scheduler.js';
import { WebAudioPerformer, type PerformerAssets } from './web-audio-performer.js';

export interface OfflineRenderOptions {
  readonly assets: PerformerAssets;
  /** Frames to render. */
  readonly frames: number;
  /** @default 44100 */
  readonly sampleRate?: number;
  readonly effects?: boolean;
  readonly gain?: number;
}

/** The frames of one render quantum. */
const QUANTUM = 128;

/**
 * Renders messages at frames through the Web Audio performer's synth in an `OfflineAudioContext`:
 * deterministic, and as fast as the machine goes, so that what the browser plays can be set
 * beside what `alda-live export` writes. Returns the two channels.
 *
 * The processor loads its bank asynchronously, while an offline context would render on without
 * waiting: the render is suspended after its first quantum until the bank is loaded. The synth
 * then starts two quanta later (synth-processor.ts): messages keep their frames, but one before
 * frame 512 would be late, so a schedule should leave a little room at its start.
 */
export async function renderOffline(messages: readonly FrameMessage[], options: OfflineRenderOptions): Promise<Float32Array[]> {
  const sampleRate = options.sampleRate ?? 44_100;
  const context = new OfflineAudioContext({ numberOfChannels: 2, length: options.frames, sampleRate });
  const starting = WebAudioPerformer.start({
    context,
    assets: options.assets,
    offline: messages,
    ...(options.effects === undefined ? {} : { effects: options.effects }),
    ...(options.gain === undefined ? {} : { gain: options.gain }),
  });
  const suspended = context.suspend(QUANTUM / sampleRate);
  const rendered = context.startRendering();
  await suspended;
  const performer = await starting;
  await context.resume();
  const buffer = await rendered;
  performer.close();
  return [buffer.getChannelData(0), buffer.getChannelData(1)];
}
