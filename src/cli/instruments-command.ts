import type { Command } from 'commander';
import { INSTRUMENTS } from '../engine/instruments.js';

export function registerInstruments(program: Command): void {
  program
    .command('instruments')
    .description('list the stock instruments, with their aliases')
    .option('--names', 'print only the canonical names, one per line (as `alda instruments`)')
    .action((options: { names?: boolean }) => {
      const lines = INSTRUMENTS.map((instrument) =>
        options.names || instrument.aliases.length === 0
          ? instrument.name
          : `${instrument.name} (${instrument.aliases.join(', ')})`,
      );
      process.stdout.write(lines.join('\n') + '\n');
    });
}
