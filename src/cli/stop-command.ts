import type { Command } from 'commander';
import { sessionName } from './option-values.js';
import { withRunningServer } from './running-server.js';

export function registerStop(program: Command): void {
  program
    .command('stop')
    .description('stop playback (every session, or one), silencing what sounds; names the sessions that were playing')
    .option('--session <name>', 'stop only this session, and end it: its name is free again', sessionName)
    .action((options: { session?: string }) =>
      withRunningServer('No server is running, so nothing is playing', async (client) => {
        const { stopped } = await client.request('stop', { session: options.session });
        if (options.session !== undefined) await client.request('close', { session: options.session });
        process.stdout.write(stopped.length === 0 ? 'Nothing was playing\n' : `Stopped ${stopped.join(', ')}\n`);
      }),
    );
}
