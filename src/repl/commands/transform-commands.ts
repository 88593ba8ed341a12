import { describeTransformChain, parseTransformChain } from '../../client/transform-chain.js';
import { fail, say, type ReplCommand } from './command.js';

export const transform: ReplCommand = {
  name: 'transform',
  usage: ':transform [NAME ARGS… [| NAME ARGS…] | off]',
  summary: 'Send what each input plays through score transformers (e.g. :transform swing 0.6).',
  details: `A transformer is a service of the server's broker (plugins/swing is one): the notes of
each input, and of :play, go through the chain in order before they play. Its workers must be
running: \`alda-live server --with swing\`, or python3 plugins/swing/swing.py.

  :transform                 show the chain
  :transform swing 0.6       swing the eighths (0.5 straight, 0.67 triplets)
  :transform swing 0.6 16    swing the sixteenths
  :transform swing 0.6 | X   then transformer X
  :transform off             play as written

Live loops (:live) are not transformed.`,
  arguments: ['off', 'swing'],
  async run(args, context) {
    const session = context.session;
    const text = args.trim();
    if (text === '') {
      return say(context, session.transform.length === 0 ? 'No transform: inputs play as written' : `Transform: ${describeTransformChain(session.transform)}`);
    }
    if (text === 'off') {
      session.transform = [];
      return say(context, 'No transform: inputs play as written');
    }
    const steps = parseTransformChain(text);
    if (typeof steps === 'string') return fail(context, steps);
    for (const step of steps) {
      const found = await session.request('mmi.service', { service: step.service });
      if (found.workers === 0) {
        return fail(context, `No worker offers service "${step.service}": start one (e.g. \`alda-live server --with ${step.service}\`, see plugins/) and try again`);
      }
    }
    session.transform = steps;
    say(context, `Transform: ${describeTransformChain(steps)}`);
  },
};
