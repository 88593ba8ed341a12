/** The one line a user reads when the built-in synth has nowhere to play. */
export const NO_AUDIO_DEVICE =
  'No audio device here, so the built-in synth cannot play: use `--port NAME` for a MIDI synth (`alda-live ports`), or render with `alda-live export`';

let probe: Promise<string | undefined> | undefined;

/**
 * Can this machine play audio? Opens and closes an output once per process. Undefined when it
 * can, or the reason it cannot. libasound prints its complaints to fd 2, which is why this runs
 * only in the performer, whose stderr the server filters.
 */
export function probeAudioDevice(): Promise<string | undefined> {
  probe ??= import('@echogarden/audio-io')
    .then(({ createAudioOutput }) => createAudioOutput({ sampleRate: 44_100, channelCount: 2, bufferDuration: 50 }, (buffer) => buffer.fill(0)))
    .then(
      async (output) => {
        await output.dispose();
        return undefined;
      },
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
  return probe;
}
