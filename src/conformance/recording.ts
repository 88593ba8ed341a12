import { existsSync, readFileSync } from 'node:fs';

/** One line of a performer's recording (docs/protocol.md, "Sinks"): sent `at`, due `due`, ms on the session's timeline. */
export interface RecordedMessage {
  readonly at: number;
  readonly due: number;
  readonly data: readonly number[];
}

/** The recording's lines, or the first line that is not one (1-based), with why. */
export function readRecording(file: string): RecordedMessage[] | string {
  if (!existsSync(file)) return `there is no recording at ${file}: a performer writes one when \`open\`'s sink has \`record\``;
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const recorded: RecordedMessage[] = [];
  for (const [index, line] of lines.entries()) {
    let value: Partial<RecordedMessage>;
    try {
      value = JSON.parse(line) as Partial<RecordedMessage>;
    } catch {
      return `line ${index + 1} of the recording is not JSON: ${line.slice(0, 80)}`;
    }
    if (typeof value.at !== 'number' || typeof value.due !== 'number' || !Array.isArray(value.data)) {
      return `line ${index + 1} of the recording is not {"at": ms, "due": ms, "data": [bytes]}: ${line.slice(0, 80)}`;
    }
    recorded.push(value as RecordedMessage);
  }
  return recorded;
}

const kind = (data: readonly number[]) => data[0]! & 0xf0;
const channel = (data: readonly number[]) => data[0]! & 0x0f;
export const isNoteOn = (data: readonly number[]) => kind(data) === 0x90 && (data[2] ?? 0) > 0;
export const isNoteOff = (data: readonly number[]) => kind(data) === 0x80 || (kind(data) === 0x90 && data[2] === 0);
const isAllNotesOff = (data: readonly number[]) => kind(data) === 0xb0 && (data[1] === 123 || data[1] === 120);

/**
 * The notes a recording leaves sounding: a note-on with no note-off after it, and no All Notes
 * Off (CC 123) or All Sound Off (CC 120) on its channel after it. Described for people.
 */
export function stuckNotes(recorded: readonly RecordedMessage[]): string[] {
  const open = new Map<number, number[]>();
  for (const [index, line] of recorded.entries()) {
    const data = line.data;
    if (isNoteOn(data)) {
      const key = (channel(data) << 7) | data[1]!;
      open.set(key, [...(open.get(key) ?? []), index]);
    } else if (isNoteOff(data)) {
      open.get((channel(data) << 7) | data[1]!)?.shift();
    } else if (isAllNotesOff(data)) {
      for (const key of open.keys()) if (key >> 7 === channel(data)) open.set(key, []);
    }
  }
  const stuck: string[] = [];
  for (const [key, starts] of open) {
    for (const index of starts) stuck.push(`note ${key & 0x7f} on channel ${key >> 7} (on at ${recorded[index]!.due.toFixed(1)} ms)`);
  }
  return stuck;
}

/** Lateness (`at − due`) in ms: its median, 95th percentile, largest, and the earliest (most negative). */
export function lateness(recorded: readonly RecordedMessage[]): { median: number; p95: number; max: number; earliest: number } {
  const late = recorded.map((line) => line.at - line.due).sort((a, b) => a - b);
  const at = (q: number) => late[Math.min(late.length - 1, Math.floor(q * late.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95), max: late.at(-1) ?? 0, earliest: late[0] ?? 0 };
}
