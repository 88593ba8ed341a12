/**
 * Where each expected note starts in a stretch of audio: the first frame, from a little before the
 * note-on, whose level reaches a quarter of the note's own peak (its first 50 ms). The notes of
 * the scores tested are spaced by rests, so a note's start is not lost under the last one's tail.
 */
export function onsets(samples: Float32Array, expected: readonly number[], sampleRate: number): number[] {
  const attack = Math.round(sampleRate * 0.05);
  return expected.map((frame) => {
    const from = Math.max(0, frame - 512);
    let peak = 0;
    for (let i = from; i < Math.min(samples.length, frame + attack); i++) peak = Math.max(peak, Math.abs(samples[i]!));
    for (let i = from; i < samples.length; i++) if (Math.abs(samples[i]!) >= peak / 4) return i;
    return -1;
  });
}
