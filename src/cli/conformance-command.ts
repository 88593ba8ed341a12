import { InvalidArgumentError, type Command } from 'commander';

/** A JSON object, for `--body`. */
function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError('Give a JSON object, e.g. \'{"code": "piano: c"}\'.');
  return parsed as Record<string, unknown>;
}

export function registerConformance(program: Command): void {
  program
    .command('conformance')
    .description('check a component written in any language against the protocol: starts a server of its own, runs COMMAND, drives it in tiers and prints a scorecard (exit 0 when every required tier passes)')
    .argument('<role>', 'performer, service or client')
    .argument('[command...]', 'the component\'s command line, after --; {url} and {token_file} in it are replaced (it also gets ALDA_LIVE_URL, ALDA_LIVE_TOKEN and ALDA_LIVE_STATE_DIR)')
    .option('--with <component>', 'run the command of this component\'s manifest instead (a plugin name, or a folder holding a component.json), in its folder')
    .option('--body <json>', 'service: the body of the request the worker is asked (default {})', jsonObject)
    .option('--bail', 'stop at the first required tier that fails')
    .option('--timeout <s>', 'client: how long it may run, in seconds (default 30)', (value) => {
      const seconds = Number(value);
      if (!(seconds > 0 && seconds <= 600)) throw new InvalidArgumentError('Give a number of seconds from 1 to 600.');
      return seconds;
    })
    .action(async (role: string, given: string[], options: { body?: Record<string, unknown>; timeout?: number; bail?: boolean; with?: string }, self: Command) => {
      if (role !== 'performer' && role !== 'service' && role !== 'client') self.error(`error: the role is performer, service or client, not "${role}"`, { exitCode: 2 });
      if ((given.length === 0) === (options.with === undefined)) self.error('error: give the command after --, or --with COMPONENT (not both)', { exitCode: 2 });
      const { runConformance } = await import('../conformance/run-conformance.js');
      const { findComponent } = await import('../server/components.js');
      let component;
      try {
        component = options.with === undefined ? undefined : findComponent(options.with);
      } catch (error) {
        self.error(`error: ${(error as Error).message}`, { exitCode: 2 });
      }
      const command = component?.manifest.command ?? given;
      const pass = await runConformance({ role, command, cwd: component?.dir, body: options.body, clientTimeout: options.timeout === undefined ? undefined : options.timeout * 1000, bail: options.bail });
      process.exit(pass ? 0 : 1);
    });
}
