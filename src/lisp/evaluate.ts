import { AldaEvalError } from './errors.js';
import { goValue } from './go-fmt.js';
import type { Form, ListForm, Span } from './form.js';
import { typeOf, type Builtin, type FunctionValue, type Signature, type Value } from './value.js';

/**
 * The closed alda.lisp evaluator: numbers, strings and keywords evaluate to themselves,
 * a quote to its form, a symbol to a builtin of the environment, and a list to a call.
 * Nothing else exists: no definitions, no host access.
 */
export class Environment {
  readonly #functions = new Map<string, FunctionValue>();
  /** Dialect → the names its symbols may resolve to (a subset of the builtins). */
  readonly #dialects: ReadonlyMap<string, ReadonlySet<string>>;
  /** Results of pure calls, keyed by the call's items (which parsers share between equal calls). */
  readonly memo = new WeakMap<readonly Form[], Value>();

  constructor(builtins: Iterable<Builtin>, dialects: ReadonlyMap<string, ReadonlySet<string>> = new Map()) {
    this.#dialects = dialects;
    for (const builtin of builtins) {
      if (this.#functions.has(builtin.name)) throw new TypeError(`Builtin defined twice: ${builtin.name}`);
      this.#functions.set(builtin.name, { kind: 'function', builtin });
    }
  }

  lookup(name: string, dialect?: string): FunctionValue | undefined {
    if (dialect !== undefined && !this.#dialects.get(dialect)?.has(name)) return undefined;
    return this.#functions.get(name);
  }

  names(): string[] {
    return [...this.#functions.keys()];
  }
}

/** Counts evaluation work; the caller's budget decides when there has been too much. */
export interface EvaluationMeter {
  step(span: Span | undefined): void;
  enter(span: Span | undefined): void;
  leave(): void;
}

export function evaluate(form: Form, env: Environment, meter: EvaluationMeter, outer?: Span): Value {
  meter.step(form.span ?? outer);
  switch (form.kind) {
    case 'number':
    case 'string':
      return form;
    case 'keyword':
      if (form.dialect !== undefined) {
        throw new AldaEvalError('LISP_UNRESOLVABLE_SYMBOL', `unresolvable symbol: :${form.name}`, form.span ?? outer);
      }
      return form;
    case 'quote':
      return form.form;
    case 'symbol': {
      const fn = env.lookup(form.name, form.dialect);
      if (!fn) throw new AldaEvalError('LISP_UNRESOLVABLE_SYMBOL', `unresolvable symbol: ${form.name}`, form.span ?? outer);
      return fn;
    }
    case 'list':
      return evaluateCall(form, env, meter, form.span ?? outer);
  }
}

function evaluateCall(form: ListForm, env: Environment, meter: EvaluationMeter, span: Span | undefined): Value {
  const items = form.items;
  const head = items[0];
  if (!head) throw new AldaEvalError('LISP_EMPTY_CALL', 'An empty list () cannot be called', span);
  // Alda's one special form: `(quote x)` is `'x`, whatever the dialect.
  if (head.kind === 'symbol' && head.name === 'quote') {
    if (items.length !== 2) {
      throw new AldaEvalError('LISP_QUOTE_ARITY', `expected 1 argument to quote, got ${items.length - 1}`, span);
    }
    return items[1]!;
  }
  const operator = evaluate(head, env, meter, span);
  if (operator.kind !== 'function') throw notAFunction(operator, span);
  const builtin = operator.builtin;
  if (builtin.pure) {
    const known = env.memo.get(items);
    if (known) return known;
  }
  meter.enter(span);
  const args: Value[] = new Array(items.length - 1);
  for (let i = 1; i < items.length; i++) args[i - 1] = evaluate(items[i]!, env, meter, span);
  meter.leave();
  let signature: Signature | undefined;
  for (const candidate of builtin.signatures) {
    if (matches(candidate, args)) {
      signature = candidate;
      break;
    }
  }
  if (!signature) throw new AldaEvalError('LISP_SIGNATURE_MISMATCH', signatureMismatch(builtin, args), span);
  const result = signature.run(args, { name: builtin.name, span, dialect: head.kind === 'symbol' ? head.dialect : undefined });
  if (builtin.pure) env.memo.set(items, result);
  return result;
}

/** Apart from evaluateCall: its closure would make every call allocate a context for `operator`. */
function notAFunction(operator: Value, span: Span | undefined): AldaEvalError {
  return new AldaEvalError('LISP_NOT_A_FUNCTION', (source) => `value is not an Operator: ${goValue(operator, source)}`, span);
}

/**
 * Alda's message, on several lines. Signatures with a keyword are alda.lisp's own (Alda's
 * Lisp has no keywords), so they are not offered.
 */
function signatureMismatch(builtin: Builtin, args: readonly Value[]): string {
  const expected = builtin.signatures
    .filter((signature) => !signature.params.includes('keyword') && signature.rest !== 'keyword')
    .map((signature) => typesLine([...signature.params, ...(signature.rest === undefined ? [] : [`${signature.rest}*`])]));
  return (
    `provided arguments do not match the signature of \`${builtin.name}\`\n\n` +
    `Expected:\n${expected.join('    OR\n')}\n\nGot:\n${typesLine(args.map(typeOf))}`
  );
}

const typesLine = (types: readonly string[]): string => (types.length === 0 ? '(no arguments)' : types.join(', '));

function matches(signature: Signature, args: readonly Value[]): boolean {
  const fixed = signature.params.length;
  if (args.length < fixed || (args.length > fixed && signature.rest === undefined)) return false;
  for (let i = 0; i < args.length; i++) {
    const expected = i < fixed ? signature.params[i] : signature.rest;
    if (expected !== 'any' && typeOf(args[i]!) !== expected) return false;
  }
  return true;
}

