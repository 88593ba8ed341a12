import type { SinkOptions } from '../server/protocol.js';
import { NO_AUDIO_DEVICE, probeAudioDevice } from './sinks/audio-device.js';
import { MidiPortSink } from './sinks/midi-port-sink.js';
import { RecorderSink } from './sinks/recorder-sink.js';
import type { Sink } from './sinks/sink.js';
import { SynthSink } from './sinks/synth-sink.js';

/**
 * The sinks for a session: the MIDI port if one is named, else the built-in synth (or one line
 * saying there is no audio device, and playing on for the recorder); and the recorder, if asked
 * for, last, so that its `at` is taken after the sound went out.
 */
export async function openSinks(options: SinkOptions): Promise<{ sinks: Sink[]; notices: string[] }> {
  const sinks: Sink[] = [];
  const notices: string[] = [];
  if (options.port !== undefined) {
    sinks.push(await MidiPortSink.open(options.port));
  } else if ((await probeAudioDevice()) !== undefined) {
    notices.push(NO_AUDIO_DEVICE);
  } else {
    try {
      sinks.push(await SynthSink.open());
    } catch (error) {
      notices.push(`The built-in synth could not start (${(error as Error).message}); use \`--port NAME\`, or render with \`alda-live export\``);
    }
  }
  if (options.record !== undefined) sinks.push(new RecorderSink(options.record));
  return { sinks, notices };
}
