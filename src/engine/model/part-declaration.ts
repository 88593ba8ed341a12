import { AldaEvalError } from '../../lisp/errors.js';
import type { Span } from '../../lisp/form.js';
import { stockInstrument } from '../instruments.js';
import { Part } from './part.js';
import type { ScoreState } from './score-state.js';
import { endVoiceGroups } from './voices.js';

/**
 * `piano:`, `violin/viola "strings":`: makes parts current, creating instances as
 * Alda's rules for stock instruments, aliases and groups say (alda-reference.md §1.3).
 */
export function declareParts(state: ScoreState, names: readonly string[], alias: string | null, span: Span | undefined): void {
  endVoiceGroups(state);
  const parts = determineParts(state, names, alias, span);
  if (state.parts.length === 0) parts[0]!.tempoRole = 'master';
  for (const part of parts) if (!state.parts.includes(part)) state.parts.push(part);
  if (alias !== null) nameParts(state, parts, alias);
  state.currentParts = parts;
}

/**
 * `alias` for the group of `parts`, and `alias.member` for each of them. Apart from declareParts,
 * as are the other closures here: a closure there would make every declaration allocate a context.
 */
function nameParts(state: ScoreState, parts: Part[], alias: string): void {
  const ownAliases = new Map(parts.map((part) => [part, aliasesFor(state, part)]));
  state.aliases.set(alias, parts);
  for (const part of parts) {
    state.aliases.set(`${alias}.${part.name}`, [part]);
    for (const own of ownAliases.get(part)!) state.aliases.set(`${alias}.${own}`, [part]);
  }
}

function newPart(state: ScoreState, name: string, span: Span | undefined): Part {
  const instrument = stockInstrument(name);
  if (!instrument) throw new AldaEvalError('ALDA_UNRECOGNIZED_INSTRUMENT', `unrecognized instrument: ${name}`, span);
  return new Part(state.nextPartId(), name, instrument);
}

const named = (state: ScoreState, alias: string): Part[] => state.aliases.get(alias) ?? [];

function isAliased(state: ScoreState, part: Part): boolean {
  for (const parts of state.aliases.values()) if (parts.includes(part)) return true;
  return false;
}

/** Instances of the stock instrument `name` that no alias covers. */
function unnamed(state: ScoreState, name: string): Part[] {
  const stock = stockInstrument(name)?.name;
  const result: Part[] = [];
  if (stock === undefined) return result;
  for (const part of state.parts) if (part.instrument.name === stock && !isAliased(state, part)) result.push(part);
  return result;
}

/** Instances of the stock instrument `name` that have an alias of their own. */
function aliasedInstances(state: ScoreState, name: string): Part[] {
  const stock = stockInstrument(name)?.name;
  const result: Part[] = [];
  if (stock === undefined) return result;
  for (const parts of state.aliases.values()) if (parts.length === 1 && parts[0]!.instrument.name === stock) result.push(parts[0]!);
  return result;
}

function aliasesFor(state: ScoreState, part: Part): string[] {
  const result: string[] = [];
  for (const [alias, parts] of state.aliases) if (parts.length === 1 && parts[0] === part) result.push(alias);
  return result;
}

function determineParts(state: ScoreState, names: readonly string[], alias: string | null, span: Span | undefined): Part[] {
  if (names.length === 1) {
    const name = names[0]!;
    const namedParts = named(state, name);
    const unnamedParts = unnamed(state, name);
    if (alias !== null && namedParts.length > 0) {
      throw new AldaEvalError('ALDA_ALIAS_EXISTING_INSTANCE', `can't assign alias "${alias}" to existing instance "${name}"`, span);
    }
    if (alias !== null && named(state, alias).length > 0) {
      throw new AldaEvalError('ALDA_ALIAS_TAKEN', `the alias "${alias}" has already been assigned to another part/group`, span);
    }
    if ((alias !== null && unnamedParts.length > 0) || (alias === null && aliasedInstances(state, name).length > 0 && !name.includes('.'))) {
      throw new AldaEvalError(
        'ALDA_AMBIGUOUS_INSTRUMENT',
        `ambiguous instrument reference "${alias ?? name}": can't use both unnamed and named instances of the same instrument in a score`,
        span,
      );
    }
    if (alias !== null) return [newPart(state, name, span)];
    if (namedParts.length > 0) return namedParts;
    if (unnamedParts.length > 0) return unnamedParts;
    return [newPart(state, name, span)];
  }

  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new AldaEvalError('ALDA_DUPLICATE_GROUP_MEMBER', `Name included multiple times in group: ${name}`, span);
    seen.add(name);
  }
  const namedParts: Part[] = [];
  const stockParts: Part[] = [];
  for (const name of names) {
    const byAlias = named(state, name);
    const byStock = byAlias.length > 0 ? [] : unnamed(state, name);
    if (byAlias.length > 0) namedParts.push(...byAlias);
    else if (byStock.length > 0) stockParts.push(...byStock);
    else stockParts.push(newPart(state, name, span));
  }
  if (namedParts.length > 0 && stockParts.length > 0) {
    throw new AldaEvalError('ALDA_MIXED_GROUP', `invalid group "${names.join('/')}": can't use both stock instruments and named parts`, span);
  }
  if (alias !== null && stockParts.length > 0) {
    const fresh: Part[] = [];
    for (const name of names) fresh.push(newPart(state, name, span));
    return fresh;
  }
  const parts: Part[] = [];
  for (const part of [...namedParts, ...stockParts]) if (!parts.includes(part)) parts.push(part);
  return parts;
}
