import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type * as Connection from '../client/client.js';

interface PlayOptions {
  readonly file?: string;
  readonly code?: string;
  readonly from?: string;
  readonly to?: string;
  readonly port?: string;
  readonly record?: string;
  readonly wait?: boolean;
}

export function registerPlay(program: Command): void {
  program
    .command('play')
    .description('play a score through the server (started, detached, if none is running)')
    .option('-f, --file <file>', 'the score file to play')
    .option('-c, --code <code>', 'Alda code to play')
    .option('-F, --from <where>', 'start at mm:ss or a marker')
    .option('-T, --to <where>', 'stop at mm:ss or a marker')
    .option('--port <name>', 'MIDI output to play through (`alda-live ports`); without it, the built-in synth')
    .option('--record <file>', 'append every MIDI message sent to FILE as JSON lines (also ALDA_LIVE_RECORD)')
    .option('--wait', 'return once playback has finished, not once it is scheduled')
    .action(async (options: PlayOptions) => {
      const { connect, describeFailure } = await loadConnection();
      if ((options.file === undefined) === (options.code === undefined)) {
        process.stderr.write('error: give either -f FILE or -c CODE\n');
        process.exitCode = 1;
        return;
      }
      let code: string;
      try {
        code = options.file !== undefined ? readFileSync(options.file, 'utf8') : options.code!;
      } catch (error) {
        process.stderr.write(`Cannot read ${options.file}: ${(error as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      const record = options.record ?? (process.env.ALDA_LIVE_RECORD || undefined);
      const session = `play-${randomUUID().slice(0, 8)}`;
      try {
        const client = await connect();
        try {
          const result = await client.request(
            'eval',
            {
              session,
              code,
              name: options.file ?? '<command line>',
              from: options.from,
              to: options.to,
              oneShot: true,
              sink: { port: options.port, record: record === undefined ? undefined : resolve(record) },
            },
            // Evaluating a big score, or waiting for the first performer of a server just started,
            // takes a while; a retry would only wait for the same answer.
            { timeout: 10_000 + code.length / 100 },
          );
          for (const notice of result.notices ?? []) process.stderr.write(notice + '\n');
          while (options.wait && !(await client.request('wait', { session })).done);
        } finally {
          client.close();
        }
      } catch (error) {
        process.stderr.write(describeFailure(error) + '\n');
        process.exitCode = 1;
      }
    });
}

/** The client is loaded when the command runs, so that other commands do not pay for ws and zod. */
function loadConnection(): Promise<typeof Connection> {
  return import('../client/client.js');
}
