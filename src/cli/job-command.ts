import { extname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type * as Connection from '../client/client.js';
import type { JobStatusResult, ResultOf } from '../protocol/results.js';
import { reportError } from './report-error.js';
import { readScoreInput, type ScoreInput, type ScoreInputOptions } from './score-input.js';

type Action = { kind: 'play' } | { kind: 'export'; path: string; format: 'midi' | 'wav' };
type JobRequestType = 'job.submit' | 'job.status' | 'job.result' | 'job.close' | 'job.cancel' | 'job.list';
type Payload = Record<string, unknown>;


const FORMATS: Readonly<Record<string, 'midi' | 'wav'>> = { '.mid': 'midi', '.midi': 'midi', '.wav': 'wav' };

export function registerJob(program: Command): void {
  const job = program
    .command('job')
    .description('durable jobs: submit a score to play or export, and ask about it later; jobs survive a crash or restart of the server')
    .addHelpText('after', '\nThe store lives in the state dir (jobs/); its format is in docs/jobs.md.');

  job
    .command('submit')
    .description('store a job (fsynced) and print its id at once; the server works on it in the background')
    .addOption(new Option('-f, --file <file>', 'read the score from a file').conflicts('code'))
    .option('-c, --code <code>', 'the score itself, as text')
    .requiredOption('--do <action>', 'play, or export:FILE.mid, or export:FILE.wav', parseAction)
    .option('--port <name>', 'play: the MIDI output to play on (`alda-live ports`); without it, the built-in synth')
    .option('--record <file>', 'play: also record every MIDI message sent, as JSON lines')
    .action((options: ScoreInputOptions & { do: Action; port?: string; record?: string }) => {
      // Read before connecting: a file that is not there must not start a server.
      let input: ScoreInput;
      try {
        input = readScoreInput(options);
      } catch (error) {
        return reportError(error);
      }
      return run(async (ask) => {
        const action = options.do.kind === 'play' ? { kind: 'play', sink: sinkOf(options) } : options.do;
        const reply = await ask('job.submit', { code: input.text, name: input.name, do: action });
        process.stdout.write(`${String(reply.job)}\n`);
      });
    });

  job
    .command('status <id>')
    .description('pending, running, the last step done (parsed, built, played or exported), failed (with why) or complete')
    .option('--json', 'print the raw answer as JSON')
    .action((id: string, options: { json?: boolean }) =>
      run(async (ask) => {
        const status = await ask('job.status', { job: id });
        process.stdout.write(options.json ? JSON.stringify(status, null, 2) + '\n' : describe(status) + '\n');
      }),
    );

  job
    .command('result <id>')
    .description('what a complete job made: the exported file (path, size, sha256), or that it played')
    .option('--json', 'print the raw answer as JSON')
    .action((id: string, options: { json?: boolean }) =>
      run(async (ask) => {
        const reply = await ask('job.result', { job: id });
        const result = reply.result;
        if (options.json) return void process.stdout.write(JSON.stringify(reply, null, 2) + '\n');
        if ('path' in result) process.stdout.write(`${result.path}\t${result.bytes} bytes\tsha256 ${result.sha256}\n`);
        else process.stdout.write('interrupted' in result ? `played (the play was cut short by a server restart; ${result.note})\n` : 'played\n');
      }),
    );

  job
    .command('cancel <id>')
    .description('stop a job that is not done, a running one at once (its export or play stops); it ends failed, ALDA_JOB_CANCELLED')
    .action((id: string) =>
      run(async (ask) => {
        const status = await ask('job.cancel', { job: id });
        process.stdout.write(describe(status) + '\n');
      }),
    );

  job
    .command('close <id>')
    .description('forget a job (its exported file stays where it is)')
    .action((id: string) =>
      run(async (ask) => {
        await ask('job.close', { job: id });
      }),
    );

  job
    .command('list')
    .description('every job the store holds, oldest first')
    .option('--json', 'print the raw answer as JSON')
    .action((options: { json?: boolean }) =>
      run(async (ask) => {
        const { jobs } = await ask('job.list', {});
        if (options.json) return void process.stdout.write(JSON.stringify(jobs, null, 2) + '\n');
        process.stdout.write(jobs.length === 0 ? 'No jobs\n' : jobs.map(describe).join('\n') + '\n');
      }),
    );
}

/** `ID  state  (last step)  what it does`, and why it failed or waits. */
function describe(status: JobStatusResult): string {
  const step = status.step && status.state !== 'complete' ? ` (${status.step} done)` : '';
  const progress = status.progress ? ` ${Math.round((100 * status.progress.done) / Math.max(1, status.progress.total))}%` : '';
  let line = `${status.job}  ${status.state}${step}${progress}  ${status.do ?? '?'}`;
  if (status.error) line += `\n  ${status.error.code}: ${status.error.message}`;
  if (status.waiting) line += `\n  waiting: ${status.waiting}`;
  return line;
}

function sinkOf(options: { port?: string; record?: string }): Record<string, string> {
  return { ...(options.port === undefined ? {} : { port: options.port }), ...(options.record === undefined ? {} : { record: resolve(options.record) }) };
}

function parseAction(value: string): Action {
  if (value === 'play') return { kind: 'play' };
  if (value.startsWith('export:') && value.length > 'export:'.length) {
    const path = resolve(value.slice('export:'.length));
    const format = FORMATS[extname(path).toLowerCase()];
    if (format) return { kind: 'export', path, format };
  }
  throw new InvalidArgumentError('play, export:FILE.mid or export:FILE.wav');
}

/** Connects (starting a server if none runs), runs `work`, and reports failures with exit code 1. */
async function run(work: (ask: <T extends JobRequestType>(type: T, payload: Payload) => Promise<ResultOf<T>>) => Promise<void>): Promise<void> {
  const { connect, describeFailure }: typeof Connection = await import('../client/client.js');
  let client: Connection.Client | undefined;
  try {
    client = await connect();
    const connected = client;
    await work((type, payload) => connected.request(type, payload));
  } catch (error) {
    process.exitCode = 1;
    process.stderr.write(`${describeFailure(error)}\n`);
  } finally {
    client?.close();
  }
}
