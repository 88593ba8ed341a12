import { StreamLanguage, type StreamParser, type StringStream } from '@codemirror/language';
import grammar from '../../plugins/vscode/syntaxes/alda.tmLanguage.json' with { type: 'json' };

/**
 * Alda highlighting for CodeMirror, read from the TextMate grammar the VS Code extension ships
 * (plugins/vscode/syntaxes/alda.tmLanguage.json, whose scopes that extension's tests check): one
 * grammar for both editors. Enough of TextMate is interpreted for it: `match` rules with
 * captures, `begin`/`end` rules with their own patterns, and `include`. Rules are tried in order
 * at the current position of a line; where none matches, one character takes the enclosing
 * rule's scope.
 */

interface GrammarRule {
  readonly include?: string;
  readonly match?: string;
  readonly name?: string;
  readonly captures?: Readonly<Record<string, { readonly name: string }>>;
  readonly begin?: string;
  readonly end?: string;
  readonly beginCaptures?: Readonly<Record<string, { readonly name: string }>>;
  readonly endCaptures?: Readonly<Record<string, { readonly name: string }>>;
  readonly patterns?: readonly GrammarRule[];
}

interface Rule {
  readonly regex: RegExp;
  readonly name: string | undefined;
  readonly captures: Readonly<Record<string, { readonly name: string }>> | undefined;
  /** A begin rule: what it opens. */
  readonly opens?: Context;
}

interface Context {
  readonly name: string | undefined;
  readonly end: Rule | undefined;
  /** Filled once every rule is compiled: contexts refer to themselves (an S-expression holds S-expressions). */
  readonly patterns: Rule[];
}

/** Where a line is: the contexts open, and the captures of the last match still to hand out. */
export interface HighlightState {
  stack: Context[];
  pending: { end: number; scope: string | undefined }[];
}

/** A TextMate scope as one of CodeMirror's highlighting tags (@lezer/highlight), most specific prefix first. */
const TAGS: ReadonlyArray<readonly [string, string]> = [
  ['comment', 'comment'],
  ['entity.name.type', 'typeName'],
  ['entity.name.tag', 'string'],
  ['entity.name.label', 'labelName'],
  ['entity.name.function', 'macroName'],
  ['support.other', 'labelName'],
  ['variable.other.definition', 'variableName.definition'],
  ['variable', 'variableName'],
  ['keyword.operator', 'operator'],
  ['keyword.control', 'controlKeyword'],
  ['keyword', 'keyword'],
  ['constant.character', 'atom'],
  ['constant.numeric', 'number'],
  ['constant.other', 'atom'],
  ['string', 'string'],
  ['punctuation.section', 'bracket'],
  ['punctuation', 'punctuation'],
];

/** The tag of a scope, or null for a scope CodeMirror need not colour (an S-expression's `meta`). */
export function tagOf(scope: string | undefined): string | null {
  if (scope === undefined) return null;
  return TAGS.find(([prefix]) => scope === prefix || scope.startsWith(prefix + '.'))?.[1] ?? null;
}

function compile(root: { readonly patterns: readonly GrammarRule[]; readonly repository: Readonly<Record<string, GrammarRule>> }): Context {
  const contexts = new Map<GrammarRule, Context>();
  const rules = (patterns: readonly GrammarRule[]): Rule[] =>
    patterns.flatMap((rule): Rule[] => {
      if (rule.include !== undefined) {
        const included = root.repository[rule.include.replace(/^#/, '')];
        if (!included) throw new Error(`The Alda grammar includes ${rule.include}, which it does not define`);
        return rules([included]);
      }
      if (rule.patterns && rule.match === undefined && rule.begin === undefined) return rules(rule.patterns);
      if (rule.match !== undefined) return [{ regex: new RegExp(rule.match, 'yd'), name: rule.name, captures: rule.captures }];
      return [{ regex: new RegExp(rule.begin!, 'yd'), name: rule.name, captures: rule.beginCaptures ?? rule.captures, opens: context(rule) }];
    });
  const context = (rule: GrammarRule): Context => {
    let found = contexts.get(rule);
    if (!found) {
      const end = rule.end === undefined ? undefined : { regex: new RegExp(rule.end, 'yd'), name: rule.name, captures: rule.endCaptures ?? rule.captures };
      found = { name: rule.name, end, patterns: [] };
      contexts.set(rule, found);
      found.patterns.push(...rules(rule.patterns ?? []));
    }
    return found;
  };
  return { name: undefined, end: undefined, patterns: rules(root.patterns) };
}

const TOP = compile(grammar as unknown as Parameters<typeof compile>[0]);

/** Hands the captured groups of a match out as tokens of their own, in order; what no group covers takes the rule's scope (or group 0's). */
function pieces(match: RegExpExecArray, rule: Rule, at: number): { end: number; scope: string | undefined }[] {
  const whole = { end: at + match[0].length, scope: rule.captures?.['0']?.name ?? rule.name };
  if (!rule.captures || match.indices === undefined) return [whole];
  const out: { end: number; scope: string | undefined }[] = [];
  let cursor = at;
  for (let group = 1; group < match.length; group++) {
    const range = match.indices[group];
    const capture = rule.captures[String(group)];
    if (!range || !capture || range[0] < cursor || range[1] === range[0]) continue;
    if (range[0] > cursor) out.push({ end: range[0], scope: whole.scope });
    out.push({ end: range[1], scope: capture.name });
    cursor = range[1];
  }
  if (cursor < whole.end) out.push(whole);
  return out.length === 0 ? [whole] : out;
}

/** The rule's match at the stream's position (sticky), if it takes at least one character. */
function attempt(rule: Rule, stream: StringStream): RegExpExecArray | null {
  rule.regex.lastIndex = stream.pos;
  const match = rule.regex.exec(stream.string);
  return match && match[0].length > 0 ? match : null;
}

export const aldaStreamParser: StreamParser<HighlightState> = {
  name: 'alda',
  startState: () => ({ stack: [], pending: [] }),
  copyState: (state) => ({ stack: [...state.stack], pending: state.pending.map((piece) => ({ ...piece })) }),
  token(stream, state) {
    const next = state.pending.shift();
    if (next) {
      stream.pos = next.end;
      return tagOf(next.scope);
    }
    const context = state.stack.at(-1) ?? TOP;
    const candidates = context.end ? [context.end, ...context.patterns] : context.patterns;
    for (const rule of candidates) {
      const match = attempt(rule, stream);
      if (!match) continue;
      if (rule === context.end) state.stack.pop();
      else if (rule.opens) state.stack.push(rule.opens);
      state.pending = pieces(match, rule, stream.pos);
      const first = state.pending.shift()!;
      stream.pos = first.end;
      return tagOf(first.scope);
    }
    stream.next();
    return tagOf(context.name);
  },
};

export const aldaLanguage = StreamLanguage.define(aldaStreamParser);
