import { Command } from 'commander';
import { registerInstruments } from './instruments-command.js';
import { VERSION } from './version.js';

const program = new Command('alda-live')
  .description('Alda, the music programming language, built for live coding')
  .version(VERSION, '-V, --version')
  .showHelpAfterError();

registerInstruments(program);

await program.parseAsync(process.argv);
