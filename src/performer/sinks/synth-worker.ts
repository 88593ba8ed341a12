import { createAudioOutput } from '@echogarden/audio-io';
import { parentPort, workerData } from 'node:worker_threads';
import { FrameScheduler } from '../../sound/frame-scheduler.js';
import { GmSynth, presetUses } from '../../sound/gm-synth.js';
import { MasterBus } from '../../sound/master-bus.js';
import { generalMidiBank } from '../../sound/sound-bank.js';

/**
 * The built-in synth's audio thread. Rendering runs here, not on the performer's main thread,
 * so that scheduling and audio never wait on each other (notes/synth.md: on the main thread,
 * load corrupted the output; in a worker it stayed bit-identical).
 *
 * Messages arrive stamped with the epoch time (ms) they were due at, and are placed at the
 * frame that time maps to, `latency` ms later: the audio clock and ours are tied together at
 * every callback, so jitter in message delivery does not become jitter in the sound.
 */
export interface SynthWorkerData {
  readonly sampleRate: number;
  /** Ms of audio per device buffer. */
  readonly bufferDuration: number;
  readonly latency: number;
  /** `device` plays; `null` renders in real time and throws the audio away, reporting its level (tests). */
  readonly output: 'device' | 'null';
}

export type SynthWorkerMessage =
  /** A burst: the messages sent at one moment, each stamped (epoch ms) when it was sent. */
  | { readonly type: 'midi'; readonly messages: readonly { readonly data: readonly number[]; readonly due: number }[] }
  | { readonly type: 'preload'; readonly messages: readonly (readonly number[])[] }
  | { readonly type: 'silence' }
  | { readonly type: 'close' };

const config = workerData as SynthWorkerData;
const port = parentPort!;
const epoch = () => performance.timeOrigin + performance.now();

const synth = await GmSynth.create(await generalMidiBank(), { sampleRate: config.sampleRate });
const frames = new FrameScheduler(synth);
// The level of an export (src/sound/master-bus.ts): live and WAV sound the same.
const bus = new MasterBus(config.sampleRate);
let anchor = { epoch: epoch(), frame: 0 };
let peak = 0;

port.on('message', (message: SynthWorkerMessage) => {
  switch (message.type) {
    case 'midi': {
      const frameOf = (due: number) => Math.max(anchor.frame + Math.round(((due + config.latency - anchor.epoch) * config.sampleRate) / 1000), frames.position);
      frames.schedule(message.messages.map(({ data, due }) => ({ frame: frameOf(due), data })));
      break;
    }
    case 'preload':
      synth.preload(presetUses(message.messages));
      break;
    case 'silence':
      frames.clear();
      synth.silence();
      break;
    case 'close':
      void stop().then(() => port.close());
      break;
  }
});

/** Renders `count` frames as interleaved 16-bit stereo. */
function render(count: number, out?: Int16Array): void {
  anchor = { epoch: epoch(), frame: frames.position };
  const left = new Float32Array(count);
  const right = new Float32Array(count);
  frames.render(left, right, 0, count);
  peak = Math.max(peak, bus.process(left, right, 0, count));
  if (!out) return;
  for (let i = 0; i < count; i++) {
    out[2 * i] = left[i]! * 32767;
    out[2 * i + 1] = right[i]! * 32767;
  }
}

let stop: () => Promise<void>;
if (config.output === 'device') {
  const output = await createAudioOutput(
    { sampleRate: config.sampleRate, channelCount: 2, bufferDuration: config.bufferDuration },
    (buffer) => render(buffer.length / 2, buffer),
  );
  stop = () => output.dispose();
} else {
  // Real time without a device: render what the clock says is due, and report the level heard.
  let rendered = 0;
  const start = epoch();
  const timer = setInterval(() => {
    const due = Math.floor(((epoch() - start) * config.sampleRate) / 1000);
    if (due > rendered) render(due - rendered);
    rendered = Math.max(rendered, due);
    port.postMessage({ type: 'level', peak });
  }, config.bufferDuration);
  stop = async () => clearInterval(timer);
}
port.postMessage({ type: 'ready' });
