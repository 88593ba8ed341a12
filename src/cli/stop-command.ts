import type { Command } from 'commander';
import { sessionName } from './option-values.js';
import { withRunningServer } from './running-server.js';

export function registerStop(program: Command): void {
  program
    .command('stop')
    .description('stop playback (every session, or one), silencing what sounds; names the sessions that were playing')
    .option('--session <name>', 'stop only this session', sessionName)
    .action((options: { session?: string }) =>
      withRunningServer('No server is running, so nothing is playing', async (client) => {
        const reply = await client.request('stop', { session: options.session });
        const stopped = reply.sessions.filter((s) => s.playing).map((s) => s.name);
        process.stdout.write(stopped.length === 0 ? 'Nothing was playing\n' : `Stopped ${stopped.join(', ')}\n`);
      }),
    );
}
