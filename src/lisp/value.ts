import type { Form, ListForm, Span } from './form.js';

/**
 * What evaluating a form can yield: the form itself for self-evaluating and quoted data,
 * a builtin function, nil, or a value of the host vocabulary (a pitch, a duration, a
 * score update), tagged with its type name for signature matching.
 */
export type Value = Exclude<Form, ListForm> | ListValue | FunctionValue | NilValue | HostValue;

/** A list as a value: quoted data, or what `(list …)` makes of any values (Alda's LispList). */
export interface ListValue {
  readonly kind: 'list';
  readonly items: readonly Value[];
  readonly span?: Span;
}

export interface FunctionValue {
  readonly kind: 'function';
  readonly builtin: Builtin;
}

export interface NilValue {
  readonly kind: 'nil';
}

export interface HostValue {
  readonly kind: 'host';
  /** The type name signatures match on, and that errors print: `pitch`, `duration`, `score update`. */
  readonly type: string;
  readonly span?: Span;
}

/** A builtin is data: a name and the argument types it accepts, each with what it does. */
export interface Builtin {
  readonly name: string;
  readonly signatures: readonly Signature[];
  /**
   * The result depends only on the arguments and is immutable, so a call written the same
   * way (the same items) may be answered from memory: a score spells `(pitch :c)` a
   * hundred thousand times.
   */
  readonly pure?: boolean;
}

export interface Signature {
  readonly params: readonly string[];
  /** Type of any further arguments, which may be absent. */
  readonly rest?: string;
  readonly run: (args: readonly Value[], call: CallSite) => Value;
}

/** Where a builtin was called from, for positioned errors. */
export interface CallSite {
  readonly name: string;
  readonly span: Span | undefined;
  /** The dialect the function's name was written in (see SymbolForm), when not alda.lisp itself. */
  readonly dialect?: string;
}

export function typeOf(value: Value): string {
  switch (value.kind) {
    case 'host':
      return value.type;
    case 'quote':
      return 'quoted form';
    default:
      return value.kind;
  }
}
