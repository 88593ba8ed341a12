/** `o4`, `>`, `<`: `(octave 4)`, `(octave :up)`, `(octave :down)`. */
import { list } from '../../lisp/form.js';
import type { Form, ListForm } from '../../lisp/form.js';
import { HEAD, KW, numberLeaf } from './leaves.js';
import { spanOf, textOf, tokParser } from './token-parsers.js';
import type { TokParser } from './token-parsers.js';
import { int32 } from './token-values.js';
import { moveTo } from './parser-state.js';

const oneToken = (build: (text: string) => Form): TokParser<ListForm> =>
  tokParser((state, tokens) =>
    moveTo(state, list([HEAD.octave, build(textOf(tokens, state.index))], spanOf(tokens, state.index, state.index)), state.index + 1),
  );

/** A bare `o` at the end of the input sets octave 0, as Alda's scanner reads it. */
export const octaveSet = oneToken((text) => numberLeaf(int32(text.slice(1))));
export const octaveUp = oneToken(() => KW.up);
export const octaveDown = oneToken(() => KW.down);
