/**
 * JSON as Go's encoding/json writes it, which is what Alda 2 prints: Alda builds its
 * output from Go maps, so every object's keys come out sorted (bytewise, as UTF-8), and
 * strings escape `<`, `>`, `&`, U+2028 and U+2029. Numbers need nothing: Go's shortest
 * float64 formatting, exponent thresholds included, is JavaScript's. A `Map` is written as
 * the object it stands for (as a Go map is), so a big one need not become an object first.
 */
export function goJson(value: unknown): string {
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + goJson(value[i]);
    return text + ']';
  }
  const map = value instanceof Map ? (value as Map<string, unknown>) : undefined;
  const record = value as Record<string, unknown>;
  const keys = map ? [...map.keys()] : Object.keys(record);
  if (!inUtf8Order(keys)) keys.sort(utf8Order);
  let text = '';
  for (const key of keys) {
    const item = map ? map.get(key) : record[key];
    if (item !== undefined) text += `${text === '' ? '{' : ','}${goString(key)}:${goJson(item)}`;
  }
  return text === '' ? '{}' : text + '}';
}

/** Whether `keys` are sorted already (most objects the writers build are): sorting costs more than looking. */
function inUtf8Order(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (utf8Order(keys[i - 1]!, keys[i]!) > 0) return false;
  return true;
}

/** What Go escapes that JSON.stringify leaves alone or escapes another way (an escaped backslash is skipped). */
const GO_ESCAPES = /\\[\\bf]|\\u[dD][89a-fA-F][0-9a-fA-F]{2}|[<>&\u2028\u2029]/g;

/** What either JSON or Go escapes, or where they differ (a surrogate may be a lone one): a string with none is quoted as it is. */
const NEEDS_CARE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

function goEscape(match: string): string {
  if (match === '\\\\') return match;
  if (match === '\\b') return '\\u0008';
  if (match === '\\f') return '\\u000c';
  if (match.length > 1) return '\\ufffd';
  return `\\u${match.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A string as Go quotes it; a lone surrogate (invalid UTF-8 for Go) becomes U+FFFD. */
export function goString(text: string): string {
  if (!NEEDS_CARE.test(text)) return `"${text}"`;
  return JSON.stringify(text).replace(GO_ESCAPES, goEscape);
}

/**
 * Go sorts map keys by their UTF-8 bytes, which is code point order, not UTF-16's: at the first
 * code unit that differs, a surrogate (half of a code point above U+FFFF) comes after U+E000–U+FFFF.
 */
export function utf8Order(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A code unit moved so that code units compare in code point order (surrogates above U+FFFF). */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
