import type { SinkOptions } from '../protocol/messages.js';
import { NO_AUDIO_DEVICE, probeAudioDevice } from './sinks/audio-device.js';
import { RecorderSink } from './sinks/recorder-sink.js';
import type { Sink } from './sinks/sink.js';
import type { WarmSynth } from './sinks/warm-synth.js';

/**
 * The sinks for a session: the MIDI port if one is named, else the built-in synth, the process's
 * warm one (or one line
 * saying there is no audio device, and playing on for the recorder); and the recorder, if asked
 * for, last, so that its `at` is taken after the sound went out; and the port for MIDI clock, if any.
 */
export async function openSinks(options: SinkOptions, synth: WarmSynth): Promise<{ sinks: Sink[]; notices: string[]; clockOut?: Sink }> {
  const sinks: Sink[] = [];
  const notices: string[] = [];
  // JZZ and the synth are loaded only when used: a performer that needs neither starts sooner.
  if (options.port !== undefined) {
    const { MidiPortSink } = await import('./sinks/midi-port-sink.js');
    sinks.push(await MidiPortSink.open(options.port));
  } else if ((await probeAudioDevice()) !== undefined) {
    notices.push(NO_AUDIO_DEVICE);
  } else {
    try {
      sinks.push(await synth.borrow());
    } catch (error) {
      notices.push(`The built-in synth could not start (${(error as Error).message}); use \`--port NAME\`, or render with \`alda-live export\``);
    }
  }
  if (options.record !== undefined) {
    try {
      sinks.push(await RecorderSink.open(options.record));
    } catch (error) {
      await Promise.all(sinks.map((sink) => sink.close()));
      throw error;
    }
  }
  if (options.clockOut === undefined) return { sinks, notices };
  try {
    const { MidiPortSink } = await import('./sinks/midi-port-sink.js');
    return { sinks, notices, clockOut: await MidiPortSink.open(options.clockOut) };
  } catch (error) {
    await Promise.all(sinks.map((sink) => sink.close()));
    throw error;
  }
}
