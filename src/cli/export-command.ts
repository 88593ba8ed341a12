import { Option, type Command } from 'commander';
import type { ExportOptions } from './export-action.js';
import { GAIN_RANGE_DB } from '../sound/master-bus.js';
import { decimalNumber, wholeNumber } from './option-values.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write a score as a Standard MIDI File or as audio (WAV) rendered by the built-in synth; no server needed')
    .addOption(new Option('-f, --file <file>', 'read the score from a file').conflicts('code'))
    .option('-c, --code <code>', 'the score itself, as text')
    .option('-o, --output <file>', 'the file to write; its extension (.mid, .wav) picks the format. Without it (or with -), MIDI goes to standard output')
    .addOption(new Option('-O, --format <format>', 'the format, whatever the extension').choices(['midi', 'wav']))
    .option('-F, --from <time|marker>', 'start here: a time marking (m:ss) or a marker name; what comes before is cut and the rest moves to 0')
    .option('-T, --to <time|marker>', 'stop here: notes that start at or after it are left out')
    .option('--sample-rate <hz>', 'frames per second of the WAV file', wholeNumber(8000, 192_000), 44_100)
    .option('--gain <dB>', 'the WAV level in dB relative to the calibrated one (a limiter keeps it from clipping); e.g. -6 for quieter', decimalNumber(GAIN_RANGE_DB.min, GAIN_RANGE_DB.max, 'dB'), 0)
    .option('--no-effects', 'render the WAV without reverb and chorus (about four times faster)')
    .addHelpText('after', '\nWith neither -f nor -c, the score is read from standard input. See docs/export.md for what the files hold.')
    .action(async (options: ExportOptions) => {
      const { runExport } = await import('./export-action.js');
      await runExport(options);
    });
}
