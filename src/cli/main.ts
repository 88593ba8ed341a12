// A reader that stops early (`alda-live ps | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/*
 * Every command line but a plain `parse` (src/cli/start.ts), read by commander. A play's server
 * is booting already, held, while commander and the commands load (src/cli/early-launch.ts).
 */
const { aldaLiveProgram } = await import('./program.js');
await aldaLiveProgram().parseAsync(process.argv);
