import { AldaEvalError } from './errors.js';
import type { Form, ListForm, Span } from './form.js';
import { typeOf, type Builtin, type Signature, type Value } from './value.js';

/**
 * The closed alda.lisp evaluator: numbers, strings and keywords evaluate to themselves,
 * a quote to its form, a symbol to a builtin of the environment, and a list to a call.
 * Nothing else exists: no definitions, no host access.
 */
export class Environment {
  readonly #builtins = new Map<string, Builtin>();

  constructor(builtins: Iterable<Builtin>) {
    for (const builtin of builtins) {
      if (this.#builtins.has(builtin.name)) throw new TypeError(`Builtin defined twice: ${builtin.name}`);
      this.#builtins.set(builtin.name, builtin);
    }
  }

  lookup(name: string): Builtin | undefined {
    return this.#builtins.get(name);
  }

  names(): string[] {
    return [...this.#builtins.keys()];
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
    case 'keyword':
      return form;
    case 'quote':
      return form.form;
    case 'symbol': {
      const builtin = env.lookup(form.name);
      if (!builtin) throw new AldaEvalError('LISP_UNRESOLVABLE_SYMBOL', `Unresolvable symbol: ${form.name}`, form.span ?? outer);
      return { kind: 'function', builtin };
    }
    case 'list':
      return evaluateCall(form, env, meter, form.span ?? outer);
  }
}

function evaluateCall(form: ListForm, env: Environment, meter: EvaluationMeter, span: Span | undefined): Value {
  const [head, ...rest] = form.items;
  if (!head) throw new AldaEvalError('LISP_EMPTY_CALL', 'An empty list () cannot be called', span);
  const operator = evaluate(head, env, meter, span);
  if (operator.kind !== 'function') {
    throw new AldaEvalError('LISP_NOT_A_FUNCTION', `Value is not a function: ${typeOf(operator)}`, head.span ?? span);
  }
  meter.enter(span);
  const args = rest.map((arg) => evaluate(arg, env, meter, span));
  meter.leave();
  const builtin = operator.builtin;
  const signature = builtin.signatures.find((candidate) => matches(candidate, args));
  if (!signature) {
    throw new AldaEvalError(
      'LISP_SIGNATURE_MISMATCH',
      `Provided arguments do not match the signature of ${builtin.name}. Expected: ${builtin.signatures
        .map(describeSignature)
        .join(' OR ')}; got: (${args.map(typeOf).join(', ')})`,
      span,
    );
  }
  return signature.run(args, { name: builtin.name, span });
}

function matches(signature: Signature, args: readonly Value[]): boolean {
  const fixed = signature.params.length;
  if (args.length < fixed || (args.length > fixed && signature.rest === undefined)) return false;
  for (let i = 0; i < args.length; i++) {
    const expected = i < fixed ? signature.params[i] : signature.rest;
    if (expected !== 'any' && typeOf(args[i]!) !== expected) return false;
  }
  return true;
}

function describeSignature(signature: Signature): string {
  const params = [...signature.params, ...(signature.rest === undefined ? [] : [`${signature.rest}*`])];
  return `(${params.join(', ')})`;
}
