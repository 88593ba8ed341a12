import type { Client } from '../client/client.js';

/**
 * Runs `use` with a client of the server that is already running (never starting one, as
 * `stop`, `ps` and `shutdown` must not). With no server, prints `noServer` and succeeds;
 * any other failure is described on stderr with exit status 1. The client module is loaded
 * here, when a command runs, so that other commands do not pay for ws and zod.
 */
export async function withRunningServer(noServer: string, use: (client: Client) => Promise<void>): Promise<void> {
  const { connect, ConnectionError, describeFailure } = await import('../client/client.js');
  try {
    const client = await connect({ start: false });
    try {
      await use(client);
    } finally {
      client.close();
    }
  } catch (error) {
    if (error instanceof ConnectionError && error.code === 'ALDA_NO_SERVER') {
      process.stdout.write(noServer + '\n');
      return;
    }
    process.stderr.write(describeFailure(error) + '\n');
    process.exitCode = 1;
  }
}
