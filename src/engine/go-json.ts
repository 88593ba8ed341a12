/**
 * JSON as Go's encoding/json writes it, which is what Alda 2 prints: Alda builds its
 * output from Go maps, so every object's keys come out sorted (bytewise, as UTF-8), and
 * strings escape `<`, `>`, `&`, U+2028 and U+2029. Numbers need nothing: Go's shortest
 * float64 formatting, exponent thresholds included, is JavaScript's.
 */
export function goJson(value: unknown): string {
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => utf8Order(a, b));
  return `{${entries.map(([key, v]) => `${goString(key)}:${goJson(v)}`).join(',')}}`;
}

/** What Go escapes that JSON.stringify leaves alone or escapes another way (an escaped backslash is skipped). */
const GO_ESCAPES = /\\[\\bf]|\\u[dD][89a-fA-F][0-9a-fA-F]{2}|[<>&\u2028\u2029]/g;

function goEscape(match: string): string {
  if (match === '\\\\') return match;
  if (match === '\\b') return '\\u0008';
  if (match === '\\f') return '\\u000c';
  if (match.length > 1) return '\\ufffd';
  return `\\u${match.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A string as Go quotes it; a lone surrogate (invalid UTF-8 for Go) becomes U+FFFD. */
export function goString(text: string): string {
  return JSON.stringify(text).replace(GO_ESCAPES, goEscape);
}

/** Go sorts map keys by their UTF-8 bytes, which is code point order, not UTF-16's. */
export function utf8Order(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
