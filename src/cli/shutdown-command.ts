import type { Command } from 'commander';
import { withRunningServer } from './running-server.js';

export function registerShutdown(program: Command): void {
  program
    .command('shutdown')
    .description('stop the server and its performers')
    .action(() =>
      withRunningServer('No server is running', async (client) => {
        const { pid } = client.server;
        await client.request('shutdown');
        client.close();
        await gone(pid);
        process.stdout.write(`Server (pid ${pid}) has shut down\n`);
      }),
    );
}

/**
 * Resolves once the server is done (so the next command can start a fresh one): it removes its
 * state file as its last act. A server that died without doing so is done when its pid is gone.
 */
async function gone(pid: number): Promise<void> {
  const { readServerState, stateDir } = await import('../protocol/state-file.js');
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
