import type { Command } from 'commander';
import { connect, ConnectionError, describeFailure } from '../repl/connection.js';

export function registerShutdown(program: Command): void {
  program
    .command('shutdown')
    .description('stop the server and its performers')
    .action(async () => {
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

/** Resolves once the process has exited (so the next command can start a fresh server), or after 10 s. */
async function gone(pid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
