import type { Command } from 'commander';

export function registerProtocol(program: Command): void {
  const protocol = program.command('protocol').description('the protocol every component speaks (docs/protocol.md)');
  protocol
    .command('schema')
    .description('print the JSON Schema of every message, with an index of their directions (also docs/protocol.schema.json)')
    .action(async () => {
      const { protocolJsonSchema } = await import('../protocol/json-schema.js');
      process.stdout.write(JSON.stringify(protocolJsonSchema(), null, 2) + '\n');
    });
}
