import { Option, type Command } from 'commander';
import type { ParseOptions } from './parse-action.js';
import { loadParseAction } from './parse-bundle.js';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('parse and evaluate a score, and print it as JSON (like `alda parse`) or as alda.lisp forms')
    .addOption(new Option('-f, --file <file>', 'read the score from a file').conflicts('code'))
    .option('-c, --code <code>', 'the score itself, as text')
    .addOption(
      new Option('-o, --output <format>', 'data: the evaluated score, as `alda parse -o data`; events: the parsed events, as `alda parse -o events`; forms: alda.lisp forms, one per line')
        .choices(['data', 'events', 'forms'])
        .default('data'),
    )
    .addHelpText('after', '\nWith neither -f nor -c, the score is read from standard input.')
    .action((options: ParseOptions) => loadParseAction().runParse(options));
}
