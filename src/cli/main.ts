import { aldaLiveProgram } from './program.js';

/** Every command line but a plain `parse` (src/cli/start.ts), read by commander. */
await aldaLiveProgram().parseAsync(process.argv);
