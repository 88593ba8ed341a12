/**
 * What Ctrl/Cmd-Enter evaluates, as offsets into the editor's text: the selection when there is
 * one, else the paragraph around the cursor (its lines up to the blank lines on either side). A
 * cursor on a blank line has nothing to evaluate: the range is empty.
 */
export function evaluationRange(text: string, from: number, to: number): { from: number; to: number } {
  if (from !== to) return { from: Math.min(from, to), to: Math.max(from, to) };
  const lineStart = (at: number) => text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = (at: number) => (text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at));
  const blank = (start: number) => text.slice(start, lineEnd(start)).trim() === '';
  let start = lineStart(from);
  if (blank(start)) return { from, to: from };
  while (start > 0 && !blank(lineStart(start - 1))) start = lineStart(start - 1);
  let end = lineEnd(from);
  while (end < text.length && !blank(end + 1)) end = lineEnd(end + 1);
  return { from: start, to: end };
}
