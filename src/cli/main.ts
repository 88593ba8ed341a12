import { plainParse } from './plain-parse.js';

// A reader that stops early (`alda-live parse … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const parse = plainParse(process.argv.slice(2));
// A play's server starts booting now, held, while the rest of the command loads (src/cli/early-launch.ts).
if (process.argv[2] === 'play') (await import('./early-launch.js')).launchEarly();
if (parse) {
  const { runParse } = await import('./parse-action.js');
  runParse(parse);
} else {
  const { aldaLiveProgram } = await import('./program.js');
  await aldaLiveProgram().parseAsync(process.argv);
}
