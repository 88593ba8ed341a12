import { loadParseAction } from './parse-bundle.js';
import { plainParse } from './plain-parse.js';

// A reader that stops early (`alda-live parse … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const parse = plainParse(process.argv.slice(2));
if (parse) {
  loadParseAction().runParse(parse);
} else {
  const { aldaLiveProgram } = await import('./program.js');
  await aldaLiveProgram().parseAsync(process.argv);
}
