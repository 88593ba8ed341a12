import { readFile } from 'node:fs/promises';
import { SoundBankLoader, SpessaLog, type BasicSoundBank } from 'spessasynth_core';
import { SOUND_BANK_PATH } from './sound-bank-file.js';

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
