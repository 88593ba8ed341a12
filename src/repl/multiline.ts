/**
 * When is a typed line not yet a whole input? When a `(`, `[` or `{` is still open, or when the
 * line ends with a backslash: then Enter continues on the next line instead of evaluating
 * (Alda's REPL takes one line only, alda#345). Brackets inside comments and strings do not count.
 */
export function continues(text: string): boolean {
  if (/\\[ \t]*$/.test(text)) return true;
  return openBrackets(text) > 0;
}

/** How many brackets are open at the end of the text (never below 0: a stray closer is the parser's to report). */
export function openBrackets(text: string): number {
  let depth = 0;
  let inString = false;
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inComment) {
      if (char === '\n') inComment = false;
    } else if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '#') {
      inComment = true;
    } else if (char === '(' || char === '[' || char === '{') {
      depth++;
    } else if (char === ')' || char === ']' || char === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return depth;
}

/** The lines of one input as the score receives them: a trailing continuation backslash is dropped. */
export function joinLines(lines: readonly string[]): string {
  return lines.map((line) => line.replace(/\\[ \t]*$/, '')).join('\n');
}
