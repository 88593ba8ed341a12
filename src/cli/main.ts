import { aldaLiveProgram } from './program.js';

// A reader that stops early (`alda-live ps | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** Every command line but a plain `parse` (src/cli/start.ts), read by commander. */
await aldaLiveProgram().parseAsync(process.argv);
