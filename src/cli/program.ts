import { Command } from 'commander';
import { registerConformance } from './conformance-command.js';
import { registerExport } from './export-command.js';
import { registerInstruments } from './instruments-command.js';
import { registerJob } from './job-command.js';
import { registerLsp } from './lsp-command.js';
import { usageErrors } from './option-values.js';
import { registerPage } from './page-command.js';
import { registerParse } from './parse-command.js';
import { registerPerformer } from './performer-command.js';
import { registerPlay } from './play-command.js';
import { registerPorts } from './ports-command.js';
import { registerRepl } from './repl-command.js';
import { registerProtocol } from './protocol-command.js';
import { registerPs } from './ps-command.js';
import { registerServer } from './server-command.js';
import { registerShutdown } from './shutdown-command.js';
import { registerStop } from './stop-command.js';
import { VERSION } from '../version.js';
import { registerWatch } from './watch-command.js';

/** The command line, every command of it: what `alda-live` reads unless `plainParse` reads it first. */
export function aldaLiveProgram(): Command {
  const program = usageErrors(new Command('alda-live'))
    .description('Alda, the music programming language, built for live coding')
    .version(VERSION, '-V, --version');
  registerParse(program);
  registerInstruments(program);
  registerPlay(program);
  registerExport(program);
  registerStop(program);
  registerPs(program);
  registerShutdown(program);
  registerServer(program);
  registerPerformer(program);
  registerPorts(program);
  registerRepl(program);
  registerWatch(program);
  registerJob(program);
  registerLsp(program);
  registerPage(program);
  registerConformance(program);
  registerProtocol(program);
  return program;
}
