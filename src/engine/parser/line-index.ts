/**
 * The line of a UTF-16 offset in `text`: 1 plus the newlines before it. Few tokens ever need
 * their line (a variable definition's end), so lines are found in an index of the newlines,
 * built on first use, rather than kept per token (4 bytes a token, ≈1.6 MB on a 1 MB score).
 */
export function lineIndex(text: string): (offset: number) => number {
  let newlines: Int32Array | undefined;
  return (offset) => {
    newlines ??= newlineOffsets(text);
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (newlines[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
}

function newlineOffsets(text: string): Int32Array {
  const offsets: number[] = [];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) offsets.push(at);
  return Int32Array.from(offsets);
}
