/** What Tab can complete: command names, their arguments, instruments and the score's parts. */
export interface Vocabulary {
  /** Command names, without the colon. */
  readonly commands: readonly string[];
  /** Words a command takes, by command name (`score` → `text`, `data`…). */
  readonly arguments: Readonly<Record<string, readonly string[]>>;
  /** Stock instrument names and their aliases. */
  readonly instruments: readonly string[];
  /** The session's part names and aliases. */
  readonly parts: readonly string[];
}

export interface Completion {
  /** Text to insert at the cursor (empty when there is nothing to add). */
  readonly insert: string;
  /** Every word that matched. */
  readonly candidates: readonly string[];
}

const none: Completion = { insert: '', candidates: [] };

/**
 * Completes the word that ends at the cursor: at the start of an input, `:` begins a
 * command (and its first argument after it); anywhere else a word is an instrument or a
 * part name. One candidate is completed whole; several are completed to their common prefix.
 */
export function complete(before: string, vocabulary: Vocabulary, atStart: boolean): Completion {
  if (atStart) {
    const command = /^\s*:(\S*)$/.exec(before);
    if (command) return finish(command[1]!, vocabulary.commands, ' ');
    const argument = /^\s*:(\S+)\s+(?:\S+\s+)*(\S*)$/.exec(before);
    if (argument) return finish(argument[2]!, vocabulary.arguments[argument[1]!] ?? [], ' ');
  }
  const word = /[A-Za-z][A-Za-z0-9_\-+'.]*$/.exec(before);
  if (!word) return none;
  return finish(word[0], [...new Set([...vocabulary.parts, ...vocabulary.instruments])], '');
}

function finish(word: string, words: readonly string[], after: string): Completion {
  const candidates = words.filter((candidate) => candidate.startsWith(word)).sort();
  if (candidates.length === 0) return none;
  if (candidates.length === 1) return { insert: candidates[0]!.slice(word.length) + after, candidates };
  return { insert: commonPrefix(candidates).slice(word.length), candidates };
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0]!;
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
