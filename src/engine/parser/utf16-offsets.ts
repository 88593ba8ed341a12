/**
 * arcsecond indexes UTF-8 bytes; spans are UTF-16 offsets into the JS string. For ASCII
 * text the two are the same and no table is built. Only offsets where a character starts
 * are ever converted (token edges and error positions).
 */
export function utf16Offsets(text: string, byteLength: number): (byteOffset: number) => number {
  if (byteLength === text.length) return (b) => b;
  const table = new Int32Array(byteLength + 1);
  let b = 0;
  for (let u = 0; u < text.length; u++) {
    const code = text.charCodeAt(u);
    table[b] = u;
    if (code < 0x80) b += 1;
    else if (code < 0x800) b += 2;
    else if (code >= 0xd800 && code <= 0xdbff && u + 1 < text.length && isLow(text.charCodeAt(u + 1))) {
      b += 4;
      u++;
    } else b += 3;
  }
  table[byteLength] = text.length;
  return (offset) => table[offset]!;
}

const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
