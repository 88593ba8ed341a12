import type { Command } from 'commander';
import type * as Connection from '../repl/connection.js';

export function registerStop(program: Command): void {
  program
    .command('stop')
    .description('stop playback (every session, or one), silencing what sounds')
    .option('--session <name>', 'stop only this session')
    .action(async (options: { session?: string }) => {
      const { connect, ConnectionError, describeFailure } = await loadConnection();
      try {
        const client = await connect({ start: false });
        try {
          const { stopped } = (await client.request('stop', { session: options.session })) as { stopped: string[] };
          process.stdout.write(stopped.length === 0 ? 'Nothing was playing\n' : `Stopped ${stopped.join(', ')}\n`);
        } finally {
          client.close();
        }
      } catch (error) {
        if (error instanceof ConnectionError && error.code === 'ALDA_NO_SERVER') {
          process.stdout.write('No server is running, so nothing is playing\n');
          return;
        }
        process.stderr.write(describeFailure(error) + '\n');
        process.exitCode = 1;
      }
    });
}

/** The client is loaded when the command runs, so that other commands do not pay for ws and zod. */
function loadConnection(): Promise<typeof Connection> {
  return import('../repl/connection.js');
}
