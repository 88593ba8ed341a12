import { fail, reported, say, type ReplCommand } from './command.js';
import { reportedLive, swapsText } from './live-commands.js';
import { INPUT_NAME } from '../repl-error.js';

export const play: ReplCommand = {
  name: 'play',
  usage: ':play [from X] [to Y]',
  summary: 'Play the whole score again, from the start or between two points.',
  details: `X and Y are times (m:ss) or marker names. Unlike Alda, the performer is not restarted:
what is playing stops, and the score plays again without the pauses typed between lines.

  :play
  :play from 0:05
  :play to 0:10
  :play from verse to bridge`,
  arguments: ['from', 'to'],
  async run(args, context) {
    const range = parseRange(args);
    if (typeof range === 'string') return fail(context, range);
    if (context.session.live.on) return fail(context, 'In live mode the loops play on their own: :live off, then :play');
    if (context.session.text.trim() === '') return fail(context, 'Nothing to play: the score is empty');
    if (reported(context, await context.session.replay(range.from, range.to))) say(context, 'Playing the score from the start');
  },
};

export const stop: ReplCommand = {
  name: 'stop',
  usage: ':stop',
  summary: 'Stop playback at once (Ctrl-C does too).',
  async run(_args, context) {
    say(context, (await context.session.stop()) ? 'Stopped' : 'Nothing was playing');
  },
};

export const newScore: ReplCommand = {
  name: 'new',
  usage: ':new',
  summary: 'Start a new, empty score (stops what plays; in live mode, each loop at its boundary).',
  async run(_args, context) {
    if (context.session.live.on) {
      const result = reportedLive(context, await context.session.live.replace('', INPUT_NAME));
      if (result) say(context, `New score: ${swapsText(result)}`);
      return;
    }
    if (reported(context, await context.session.reset())) say(context, 'New score');
  },
};

export const tempo: ReplCommand = {
  name: 'tempo',
  usage: ':tempo [BPM]',
  summary: 'Show the tempo, or set it for every part from here on.',
  details: 'Setting it is the same as typing (tempo! BPM). In live mode every loop takes it at its next boundary, and later lines play at it.',
  async run(args, context) {
    if (args === '') {
      const parts = context.session.score.state.parts;
      if (parts.length === 0) return say(context, 'No parts yet: the tempo starts at 120');
      return say(context, parts.map((part) => `${part.name}: ${part.tempo} bpm`).join('\n'));
    }
    const bpm = Number(args);
    if (!Number.isFinite(bpm) || bpm <= 0) return fail(context, `A tempo is a positive number of beats per minute, not "${args}"`);
    if (context.session.live.on) {
      const result = reportedLive(context, await context.session.live.tempo(bpm));
      if (result) say(context, `Tempo ${bpm} bpm from each part's next boundary\n${swapsText(result)}`);
      return;
    }
    if (reported(context, await context.session.evaluate(`(tempo! ${bpm})`))) say(context, `Tempo ${bpm} bpm`);
  },
};

/** `from X to Y`, either part optional. */
export function parseRange(args: string): { from?: string; to?: string } | string {
  const words = args.split(/\s+/).filter((word) => word !== '');
  const range: { from?: string; to?: string } = {};
  for (let i = 0; i < words.length; i += 2) {
    const key = words[i]!;
    const value = words[i + 1];
    if ((key !== 'from' && key !== 'to') || value === undefined || range[key] !== undefined) {
      return `Expected [from X] [to Y], got "${args}"`;
    }
    range[key] = value;
  }
  return range;
}
