import type { Command } from 'commander';
import { sessionName } from './option-values.js';

export function registerPage(program: Command): void {
  program
    .command('page')
    .description('print the address of the live-coding page (a one-time link; the server is started if none is running)')
    .option('-s, --session <name>', 'the session the page evaluates in: `repl --session NAME` in a terminal shares it (default: a fresh one)', sessionName)
    .action(async (options: { session?: string }) => {
      const { connect, describeFailure } = await import('../client/client.js');
      try {
        const client = await connect();
        try {
          const { url, expiresIn } = await client.request('page', { session: options.session });
          process.stdout.write(`${url}\n`);
          process.stderr.write(`Open it in a browser on this machine within ${Math.round(expiresIn / 1000)} s; the link works once (run \`alda-live page\` again for another)\n`);
        } finally {
          client.close();
        }
      } catch (error) {
        process.stderr.write(describeFailure(error) + '\n');
        process.exitCode = 1;
      }
    });
}
