import { readString, readToken } from './atom-reader.js';
import { AldaSyntaxError } from './errors.js';
import { list, quote, type Form } from './form.js';
import { limitOption } from './limit-option.js';
import { CHAR_CLASS, CLOSE, DOUBLE_QUOTE, HASH, OPEN, QUOTE } from './syntax.js';

export interface ReadOptions {
  /**
   * How deeply lists and quotes may nest. Deeper text is a positioned error, so a hostile
   * input cannot exhaust the stack of whatever walks the forms next.
   * @default 10000
   */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 10_000;

/**
 * A form being built: an open list collecting its items, or a quote (`items` undefined)
 * waiting for its one form. One shape for both keeps the stack monomorphic.
 */
interface Frame {
  readonly start: number;
  readonly items: Form[] | undefined;
}

/**
 * Reads every top-level form of alda.lisp text (docs/forms.md). Each form carries its
 * span. Nesting is tracked on an explicit stack, never by recursion, so depth is limited
 * only by `maxDepth`. Throws AldaSyntaxError at the culprit on malformed text.
 */
export function read(text: string, options: ReadOptions = {}): Form[] {
  const maxDepth = limitOption('maxDepth', options.maxDepth, DEFAULT_MAX_DEPTH);
  const forms: Form[] = [];
  const stack: Frame[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    let form: Form;
    if (code <= 32) {
      i++;
      continue;
    } else if (code === OPEN || code === QUOTE) {
      if (stack.length >= maxDepth) {
        throw new AldaSyntaxError(
          'LISP_TOO_DEEP',
          `Forms nested more than ${maxDepth} deep`,
          { start: i, end: i + 1 },
        );
      }
      stack.push({ start: i, items: code === OPEN ? [] : undefined });
      i++;
      continue;
    } else if (code === CLOSE) {
      const frame = stack.pop();
      if (frame === undefined) {
        throw new AldaSyntaxError('LISP_UNEXPECTED_CLOSE', "Unexpected ')' at the top level", {
          start: i,
          end: i + 1,
        });
      }
      if (frame.items === undefined) throw nothingQuoted(frame.start);
      i++;
      form = list(frame.items, { start: frame.start, end: i });
    } else if (code === DOUBLE_QUOTE) {
      form = readString(text, i);
      i = form.span!.end;
    } else if (code === HASH) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? length : newline;
      continue;
    } else if (code <= 127 && CHAR_CLASS[code] !== 0) {
      throw unexpected(text, i, stack.length > 0);
    } else {
      form = readToken(text, i);
      i = form.span!.end;
    }
    // Hand the finished form to whatever waits for it: quotes close over it, one by one,
    // until a list takes it or it is a top-level form.
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        forms.push(form);
        break;
      }
      if (frame.items !== undefined) {
        frame.items.push(form);
        break;
      }
      stack.pop();
      form = quote(form, { start: frame.start, end: i });
    }
  }
  const open = stack[stack.length - 1];
  if (open !== undefined) {
    if (open.items === undefined) throw nothingQuoted(open.start);
    throw new AldaSyntaxError('LISP_UNCLOSED_LIST', 'Unclosed list', {
      start: open.start,
      end: open.start + 1,
    });
  }
  return forms;
}

function nothingQuoted(start: number): AldaSyntaxError {
  return new AldaSyntaxError('LISP_NOTHING_QUOTED', "Expected a form after '", {
    start,
    end: start + 1,
  });
}

/** A delimiter that alda.lisp does not use (`[ ] { }`). */
function unexpected(text: string, at: number, inList: boolean): AldaSyntaxError {
  return new AldaSyntaxError(
    'LISP_UNEXPECTED_CHAR',
    `Unexpected '${text[at]}' ${inList ? 'in list' : 'at the top level'}`,
    { start: at, end: at + 1 },
  );
}
