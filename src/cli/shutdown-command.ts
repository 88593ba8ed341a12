import type { Command } from 'commander';
import type * as Connection from '../repl/connection.js';

export function registerShutdown(program: Command): void {
  program
    .command('shutdown')
    .description('stop the server and its performers')
    .action(async () => {
      const { connect, ConnectionError, describeFailure } = await loadConnection();
      try {
        const client = await connect({ start: false });
        const { pid } = client.server;
        try {
          await client.request('shutdown');
        } finally {
          client.close();
        }
        await gone(pid);
        process.stdout.write(`Server (pid ${pid}) has shut down\n`);
      } catch (error) {
        if (error instanceof ConnectionError && error.code === 'ALDA_NO_SERVER') {
          process.stdout.write('No server is running\n');
          return;
        }
        process.stderr.write(describeFailure(error) + '\n');
        process.exitCode = 1;
      }
    });
}

/**
 * Resolves once the server is done (so the next command can start a fresh one): it removes its
 * state file as its last act. A server that died without doing so is done when its pid is gone.
 */
async function gone(pid: number): Promise<void> {
  const { readServerState, stateDir } = await import('../server/state-file.js');
  const dir = stateDir();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (readServerState(dir)?.pid !== pid) return;
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The client is loaded when the command runs, so that other commands do not pay for ws and zod. */
function loadConnection(): Promise<typeof Connection> {
  return import('../repl/connection.js');
}
