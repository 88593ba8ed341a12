import { Option, type Command } from 'commander';
import { printAll } from '../lisp/printer.js';
import { parseAlda } from '../engine/parser/parse.js';
import { toParsedEvents } from '../engine/parsed-events.js';
import { Score } from '../engine/score.js';
import { writeScoreData } from '../engine/score-data.js';
import { reportError } from './report-error.js';
import { readScoreInput, type ScoreInputOptions } from './score-input.js';

interface ParseOptions extends ScoreInputOptions {
  readonly output: 'data' | 'events' | 'forms';
}

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('parse and evaluate a score, and print it as JSON (like `alda parse`) or as alda.lisp forms')
    .option('-f, --file <file>', 'read the score from a file')
    .option('-c, --code <code>', 'the score itself, as text')
    .addOption(
      new Option('-o, --output <format>', 'data: the evaluated score, as `alda parse -o data`; events: the parsed events, as `alda parse -o events`; forms: alda.lisp forms, one per line')
        .choices(['data', 'events', 'forms'])
        .default('data'),
    )
    .addHelpText('after', '\nWith neither -f nor -c, the score is read from standard input.')
    .action((options: ParseOptions) => {
      let input: { text: string; name: string } | undefined;
      try {
        input = readScoreInput(options);
        const forms = parseAlda(input.text);
        const out = (chunk: string) => process.stdout.write(chunk);
        if (options.output === 'forms') {
          out(printAll(forms) + (forms.length > 0 ? '\n' : ''));
        } else if (options.output === 'events') {
          out(JSON.stringify(toParsedEvents(forms)) + '\n');
        } else {
          const score = new Score();
          score.evaluate(forms);
          writeScoreData(score.state, out);
        }
      } catch (error) {
        reportError(error, input?.text, input?.name);
      }
    });
}
