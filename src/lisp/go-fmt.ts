import type { SourceText } from './source.js';
import type { Value } from './value.js';

/*
 * Alda's messages and outputs are printed by Go's fmt: these are its verbs, for the text
 * to come out as Alda's does.
 */

/**
 * Go's `%q` (strconv.Quote): printable characters as they are, the usual backslash
 * escapes, `\xNN` for other control characters, `\uNNNN` for other unprintable ones.
 */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const short = SHORT_ESCAPES[char];
    if (short) out += short;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x80 || printable().test(char)) out += char;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"',
};

let printableExpression: RegExp | undefined;

/**
 * Go's unicode.IsPrint beyond ASCII: letters, marks, numbers, punctuation and symbols. Made
 * when first needed: V8 reads a pattern as it is made, and this one's Unicode classes cost
 * ≈0.7 ms at every start of a command whose scores are ASCII.
 */
const printable = (): RegExp => (printableExpression ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u);

/**
 * Go's `%f`: six decimals, like toFixed, except that a value exactly halfway between two
 * (a multiple of 1/128 with an odd numerator) goes to the even one, as Go rounds.
 */
export function goFixed(n: number): string {
  const text = n.toFixed(6);
  const halfway = Number.isInteger(n * 128) && !Number.isInteger(n * 64);
  const last = text.charCodeAt(text.length - 1) - 48;
  if (!halfway || last % 2 === 0) return text;
  return text.slice(0, -1) + String(last - 1);
}

/** Go's `%v` of a float64: shortest digits, in exponent form below 1e-4 and from 1e6 on (`1e+06`). */
export function goNumber(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  const power = Number(exponent);
  if (power >= -4 && power < 6) return String(n);
  const digits = String(Math.abs(power)).padStart(2, '0');
  return `${mantissa}e${power < 0 ? '-' : '+'}${digits}`;
}

/**
 * Go's `%#v` of a `[]model.LispForm`, which Alda prints in some of its messages about the
 * forms it was given (e.g. `invalid scale type: []model.LispForm{model.LispSymbol{…}}`).
 */
export function goForms(values: readonly Value[], source: SourceText): string {
  return `[]model.LispForm{${values.map((value) => goValue(value, source)).join(', ')}}`;
}

/** Go's `%#v` of one Lisp value, as Alda prints it (e.g. `model.LispSymbol{SourceContext:…, Name:"x"}`). */
export function goValue(value: Value, source: SourceText): string {
  const context = sourceContext(value, source);
  switch (value.kind) {
    case 'symbol':
      return `model.LispSymbol{SourceContext:${context}, Name:${goQuote(value.name)}}`;
    case 'keyword':
      // Alda's Lisp has no keywords: what inline Lisp reads as `:x` is the symbol `:x`.
      return `model.LispSymbol{SourceContext:${context}, Name:${goQuote(`:${value.name}`)}}`;
    case 'number':
      return `model.LispNumber{SourceContext:${context}, Value:${goNumber(value.value)}}`;
    case 'string':
      return `model.LispString{SourceContext:${context}, Value:${goQuote(value.value)}}`;
    case 'list':
      return `model.LispList{SourceContext:${context}, Elements:${goForms(value.items, source)}}`;
    case 'quote':
      return `model.LispQuotedForm{SourceContext:${context}, Form:${goValue(value.form, source)}}`;
    case 'nil':
      return `model.LispNil{SourceContext:${context}}`;
    case 'function':
      return `model.LispFunction{Name:${goQuote(value.builtin.name)}}`;
    case 'host':
      // A pitch, a duration or a score update: Go would print its whole inner structure.
      return `model.Lisp${value.type.replace(/(^|\s)(\w)/g, (_m, _s: string, c: string) => c.toUpperCase())}{…}`;
  }
}

function sourceContext(value: Value, source: SourceText): string {
  const span = 'span' in value ? value.span : undefined;
  if (!span) return 'model.AldaSourceContext{Filename:"", Line:0, Column:0}';
  const { line, column } = source.position(span.start);
  const file = source.name === '<no file>' ? '' : source.name;
  return `model.AldaSourceContext{Filename:${goQuote(file)}, Line:${line}, Column:${column}}`;
}
