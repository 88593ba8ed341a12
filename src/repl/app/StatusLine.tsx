import { Text } from 'ink';
import { describeLink } from '../../client/link-status.js';
import type { Status } from '../live-session.js';

type Props = {
  readonly status: Status;
  /** An input is being evaluated. */
  readonly busy: boolean;
  /** The terminal's width: the line never wraps. @default 80 */
  readonly width?: number;
};

/**
 * `● connected · ▶ 0:03.2 · session jam · piano, violin`, under the prompt; in live mode
 * `● connected · ▶ 0:12.5 · live, quant loop · session jam · looping piano, cello`. It keeps to
 * one line: the parts come last and give way (`piano, violin +6 more`) to what fits.
 */
export default function StatusLine({ status, busy, width = 80 }: Props) {
  const connected = status.connection === 'connected';
  const text = statusText(status, busy, width - 1 - '● '.length);
  return (
    <Text dimColor wrap="truncate-end">
      <Text color={connected ? 'green' : 'yellow'}>{connected ? '●' : '○'}</Text> {text}
    </Text>
  );
}

/** The line after its dot, in at most `room` characters where the parts can be shortened to make it so. */
export function statusText(status: Status, busy: boolean, room: number): string {
  const pieces = [status.connection, status.playing === undefined ? '■ idle' : `▶ ${clock(status.playing)}`];
  if (status.quant !== undefined) pieces.push(`live, quant ${status.quant}`);
  if (status.link !== undefined) pieces.push(describeLink(status.link));
  pieces.push(`session ${status.session}`);
  if (busy) pieces.push('evaluating…');
  const head = pieces.join(' · ') + ' · ';
  const looping = status.quant !== undefined && status.parts.length > 0 ? 'looping ' : '';
  return head + looping + fitParts(status.parts, room - head.length - looping.length);
}

/** As many part names as fit in `room` characters, and how many more there are. */
export function fitParts(parts: readonly string[], room: number): string {
  if (parts.length === 0) return 'no parts';
  for (let shown = parts.length; shown > 0; shown--) {
    const text = parts.slice(0, shown).join(', ') + (shown < parts.length ? ` +${parts.length - shown} more` : '');
    if (text.length <= room) return text;
  }
  return `${parts.length} parts`;
}

/** Score time as m:ss.d. */
export function clock(ms: number): string {
  const tenths = Math.floor(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${minutes}:${seconds.toFixed(1).padStart(4, '0')}`;
}
