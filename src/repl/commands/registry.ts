import { instruments, quit, session, version } from './about-commands.js';
import { fail, say, type ReplCommand } from './command.js';
import { exportScore, load, save } from './file-commands.js';
import { live, unloop } from './live-commands.js';
import { newScore, play, stop, tempo } from './playback-commands.js';
import { parts, score } from './score-commands.js';
import { transform } from './transform-commands.js';

const help: ReplCommand = {
  name: 'help',
  usage: ':help [COMMAND]',
  summary: 'List the commands, or explain one.',
  async run(args, context) {
    const name = args.trim().replace(/^:/, '');
    if (name === '') {
      const width = Math.max(...COMMANDS.map((c) => c.usage.length));
      const lines = COMMANDS.map((c) => `${c.usage.padEnd(width)}  ${c.summary}${c.details ? ' (*)' : ''}`);
      const keys = 'Any other input is Alda, evaluated and played at once. An open ( [ { or a trailing \\ continues it on the next line.\nCtrl-C stops the sound (on an empty prompt with nothing playing, it quits); Tab completes; ↑ ↓ browse the history; Ctrl-L clears the screen.';
      return say(context, `${lines.join('\n')}\n(*) :help COMMAND tells more.\n${keys}`);
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) return fail(context, `There is no command :${name}; :help lists them`);
    say(context, `${command.usage}\n${command.summary}${command.details ? `\n\n${command.details}` : ''}`);
  },
};

/** Every command, in the order `:help` lists them. */
export const COMMANDS: readonly ReplCommand[] = [
  help,
  play,
  stop,
  newScore,
  load,
  save,
  exportScore,
  score,
  parts,
  instruments,
  tempo,
  transform,
  live,
  unloop,
  session,
  version,
  quit,
];

/** The words Tab offers after each command. */
export function commandArguments(): Record<string, readonly string[]> {
  const table: Record<string, readonly string[]> = { help: COMMANDS.map((c) => c.name) };
  for (const command of COMMANDS) if (command.arguments) table[command.name] = command.arguments;
  return table;
}
