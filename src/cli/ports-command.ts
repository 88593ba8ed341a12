import type { Command } from 'commander';

export function registerPorts(program: Command): void {
  program
    .command('ports')
    .description('list the MIDI outputs `--port` can name')
    .action(async () => {
      const { runPorts } = await import('./ports-action.js');
      await runPorts();
    });
}
