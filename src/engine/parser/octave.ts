/** `o4`, `>`, `<`: `(octave 4)`, `(octave :up)`, `(octave :down)`. */
import { list } from '../../lisp/form.js';
import type { Form, ListForm } from '../../lisp/form.js';
import { HEAD, KW, numberLeaf } from './leaves.js';
import { spanOf, tokParser } from './token-parsers.js';
import type { TokParser } from './token-parsers.js';
import { int32 } from './token-values.js';
import { moveTo } from './parser-state.js';
import { SharedItems } from './shared-items.js';

const OCTAVES = new SharedItems();

const oneToken = (build: (text: string) => Form): TokParser<ListForm> =>
  tokParser((state, tokens) => {
    const items = OCTAVES.forToken(tokens, state.index, (text) => [HEAD.octave, build(text)]);
    return moveTo(state, list(items, spanOf(tokens, state.index, state.index)), state.index + 1);
  });

/** The octave that `o4` sets; a bare `o` at the end of the input sets octave 0, as Alda's scanner reads it. */
export const octaveNumber = (text: string): number => int32(text.slice(1));

export const octaveSet = oneToken((text) => numberLeaf(octaveNumber(text)));
export const octaveUp = oneToken(() => KW.up);
export const octaveDown = oneToken(() => KW.down);
