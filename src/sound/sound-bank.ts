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
    // A file this size is read into an ArrayBuffer of its own: handed over as it is, not copied
    // (a copy is 14 MB more at the peak, and stays resident in an idle synth thread until a GC).
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    return SoundBankLoader.fromArrayBuffer(whole ? (bytes.buffer as ArrayBuffer) : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  })();
  return bank;
}
