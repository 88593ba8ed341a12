import { scoreDataText } from '../../engine/score-data.js';
import { parseAlda } from '../../engine/parser/parse.js';
import { toParsedEvents } from '../../engine/parsed-events.js';
import { printAll } from '../../lisp/printer.js';
import { fail, say, type CommandContext, type ReplCommand } from './command.js';
import { goJson } from '../../engine/go-json.js';

const KINDS = ['text', 'data', 'events', 'forms', 'info'] as const;

export const score: ReplCommand = {
  name: 'score',
  usage: ':score [text|data|events|forms|info]',
  summary: 'Show the score: its text (the default), data, events, forms or a summary.',
  details: `text    the text evaluated so far, one input per line (what :save writes)
data    the evaluated score, as \`alda parse -o data\` prints it
events  the parsed events, as \`alda parse -o events\` prints them
forms   the alda.lisp forms the text becomes
info    parts, current parts, notes and markers`,
  arguments: KINDS,
  async run(args, context) {
    const kind = args.trim() || 'text';
    const text = context.session.text;
    switch (kind) {
      case 'text':
        return say(context, text === '' ? '(the score is empty)' : text.replace(/\n$/, ''));
      case 'data':
        return say(context, scoreDataText(context.session.score.state));
      case 'events':
        return say(context, goJson(toParsedEvents(parseAlda(text))));
      case 'forms':
        return say(context, printAll(parseAlda(text)) || '(no forms)');
      case 'info':
        return say(context, info(context));
      default:
        return fail(context, `Unknown kind "${kind}": one of ${KINDS.join(', ')}`);
    }
  },
};

export const parts: ReplCommand = {
  name: 'parts',
  usage: ':parts',
  summary: 'List the parts of the score and their instruments (in live mode, the loops).',
  async run(_args, context) {
    const loops = context.session.live.on ? await context.session.loops() : undefined;
    if (loops) {
      if (loops.parts.length === 0) return say(context, `No part is looping (quant ${loops.quant})`);
      const rows = loops.parts.map((p) => `${p.part}  loop #${p.iteration + 1}, ${(p.into / 1000).toFixed(2)} of ${(p.length / 1000).toFixed(2)} s`);
      return say(context, [...rows, `quant ${loops.quant}, transport at ${(loops.now / 1000).toFixed(2)} s`].join('\n'));
    }
    const list = context.session.score.view().parts;
    say(context, list.length === 0 ? 'No parts yet' : list.map((part) => `${part.id}  ${part.name}  (${part.instrument})`).join('\n'));
  },
};

function info(context: CommandContext): string {
  const state = context.session.score.state;
  const names = (list: readonly { name: string }[]) => list.map((part) => part.name).join(', ') || '(none)';
  const markers = [...state.markers].map(([name, offset]) => `${name} at ${(offset / 1000).toFixed(3)} s`).join(', ') || '(none)';
  return [`Parts: ${names(state.parts)}`, `Current parts: ${names(state.currentParts)}`, `Notes: ${state.events.length}`, `Markers: ${markers}`].join('\n');
}
