import { INSTRUMENTS } from '../../engine/instruments.js';
import { VERSION } from '../../version.js';
import { say, type ReplCommand } from './command.js';

export const instruments: ReplCommand = {
  name: 'instruments',
  usage: ':instruments',
  summary: 'List the instruments (and their aliases).',
  async run(_args, context) {
    say(context, INSTRUMENTS.map((i) => (i.aliases.length === 0 ? i.name : `${i.name} (${i.aliases.join(', ')})`)).join('\n'));
  },
};

export const version: ReplCommand = {
  name: 'version',
  usage: ':version',
  summary: 'Show the versions of the REPL and the server.',
  async run(_args, context) {
    const server = (await context.session.request('ps')).server;
    say(context, `alda-live ${VERSION}\nserver at ${server.url} (pid ${server.pid})`);
  },
};

export const session: ReplCommand = {
  name: 'session',
  usage: ':session',
  summary: 'Show the session: its name, who else is in it, and the server.',
  details: 'Start the REPL with --session NAME to join a session; two terminals in one session share one score.',
  async run(_args, context) {
    const ps = await context.session.request('ps');
    const server = ps.server;
    const mine = ps.sessions.find((s) => s.name === context.session.name);
    const clients = mine ? `${mine.clients} client${mine.clients === 1 ? '' : 's'} joined, ${mine.events} notes` : 'not started yet (the first line starts it)';
    say(context, `Session "${context.session.name}": ${clients}\nServer ${server.url}`);
  },
};

export const quit: ReplCommand = {
  name: 'quit',
  usage: ':quit',
  summary: 'Leave the REPL (also quit, exit, or Ctrl-D). The session and its sound go on.',
  async run(_args, context) {
    context.quit();
  },
};
