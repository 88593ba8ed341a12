/**
 * alda.lisp forms: the one intermediate language between Alda text and the score.
 * The notation parser, the S-expression reader and the wire protocol all produce these.
 */

/** A range of source text, as UTF-16 offsets into the string that was parsed. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Form = ListForm | SymbolForm | KeywordForm | NumberForm | StringForm | QuoteForm;

interface FormBase {
  /**
   * Where the form came from. Forms that the parser synthesises as leaves (`note`,
   * `:c`, a literal length) may share their parent's span or have none; the
   * evaluator reports errors at the nearest form that has one.
   */
  readonly span?: Span;
}

export interface ListForm extends FormBase {
  readonly kind: 'list';
  readonly items: readonly Form[];
}

export interface SymbolForm extends FormBase {
  readonly kind: 'symbol';
  readonly name: string;
  /**
   * The smaller language the symbol was written in, when it was not alda.lisp itself:
   * `alda2` for S-expressions inside Alda notation, which may use only Alda 2's inline
   * Lisp (see Environment). Not printed: printed forms are alda.lisp.
   */
  readonly dialect?: string;
}

/** `:c`, `:sharp`, `:as`: a self-evaluating name. */
export interface KeywordForm extends FormBase {
  readonly kind: 'keyword';
  readonly name: string;
  /** As for symbols: Alda 2's inline Lisp has no keywords, so there `:x` is a symbol it cannot resolve. */
  readonly dialect?: string;
}

export interface NumberForm extends FormBase {
  readonly kind: 'number';
  readonly value: number;
}

export interface StringForm extends FormBase {
  readonly kind: 'string';
  readonly value: string;
}

/** `'x`: the form x, unevaluated. */
export interface QuoteForm extends FormBase {
  readonly kind: 'quote';
  readonly form: Form;
}

export const list = (items: readonly Form[], span?: Span): ListForm => ({ kind: 'list', items, span });
export const symbol = (name: string, span?: Span, dialect?: string): SymbolForm =>
  dialect === undefined ? { kind: 'symbol', name, span } : { kind: 'symbol', name, span, dialect };
export const keyword = (name: string, span?: Span, dialect?: string): KeywordForm =>
  dialect === undefined ? { kind: 'keyword', name, span } : { kind: 'keyword', name, span, dialect };
export const number = (value: number, span?: Span): NumberForm => ({ kind: 'number', value, span });
export const string = (value: string, span?: Span): StringForm => ({ kind: 'string', value, span });
export const quote = (form: Form, span?: Span): QuoteForm => ({ kind: 'quote', form, span });

/** `(head args…)`, the usual shape of a call. */
export const call = (head: string, args: readonly Form[], span?: Span): ListForm =>
  list([symbol(head), ...args], span);
