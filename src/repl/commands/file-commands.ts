import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { midiFile } from '../../engine/midi-file.js';
import { midiMessages } from '../../engine/midi-messages.js';
import { cannotRead } from '../../engine/score-file.js';
import { renderWav } from '../../sound/render-wav.js';
import { fail, reported, say, type CommandContext, type ReplCommand } from './command.js';
import { reportedLive, swapsText } from './live-commands.js';

export const load: ReplCommand = {
  name: 'load',
  usage: ':load [FILE]',
  summary: 'Replace the score with a file, without playing it; later lines continue after it.',
  details: 'Without FILE, loads the last file loaded or saved again. In live mode the file becomes the loops, each part at its next boundary.',
  async run(args, context) {
    const file = fileArgument(args, context);
    if (file === undefined) return;
    let text: string;
    try {
      text = readFileSync(resolve(context.cwd, file), 'utf8');
    } catch (error) {
      return fail(context, cannotRead(file, error), 'ALDA_CANNOT_READ');
    }
    if (context.session.live.on) {
      const result = reportedLive(context, await context.session.live.replace(text, file));
      if (!result) return;
      context.lastFile = file;
      return say(context, `Looping ${file}: ${swapsText(result)}`);
    }
    if (!reported(context, await context.session.load(text, file))) return;
    context.lastFile = file;
    say(context, `Loaded ${file} (${context.session.score.state.events.length} notes); type :play to hear it`);
  },
};

export const save: ReplCommand = {
  name: 'save',
  usage: ':save [FILE]',
  summary: 'Write the score text to a file.',
  details: 'Without FILE, writes to the last file loaded or saved.',
  async run(args, context) {
    const file = fileArgument(args, context);
    if (file === undefined) return;
    try {
      writeFileSync(resolve(context.cwd, file), context.session.text);
    } catch (error) {
      return fail(context, `Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'ALDA_CANNOT_WRITE');
    }
    context.lastFile = file;
    say(context, `Saved ${file}`);
  },
};

export const exportScore: ReplCommand = {
  name: 'export',
  usage: ':export FILE',
  summary: 'Write the score as a MIDI file (.mid) or as audio (.wav), here, without the server.',
  async run(args, context) {
    const file = args.trim();
    if (file === '') return fail(context, 'Give a file name ending in .mid or .wav');
    const format = /\.(mid|midi|smf)$/i.test(file) ? 'midi' : /\.(wav|wave)$/i.test(file) ? 'wav' : undefined;
    if (!format) return fail(context, `Cannot tell the format from "${file}": name it .mid or .wav`);
    const view = context.session.score.view();
    if (view.notes.length === 0) return fail(context, 'Nothing to export: the score has no notes');
    const path = resolve(context.cwd, file);
    try {
      if (format === 'midi') writeFileSync(path, midiFile(view, { name: basename(file, extname(file)) }));
      else await renderWav(midiMessages(view).map((m) => ({ frame: Math.round((m.offset * 44_100) / 1000), data: m.data })), path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code !== 'string') throw error;
      return fail(context, `Cannot write ${file}: ${code}`, 'ALDA_CANNOT_WRITE');
    }
    say(context, `Exported ${view.notes.length} notes to ${file}`);
  },
};

function fileArgument(args: string, context: CommandContext): string | undefined {
  const file = args.trim() || context.lastFile;
  if (file === undefined) fail(context, 'Give a file name (no file has been loaded or saved yet)');
  return file;
}
