import { Text } from 'ink';
import type { Status } from '../live-session.js';

type Props = {
  readonly status: Status;
  /** An input is being evaluated. */
  readonly busy: boolean;
};

/** `● connected · session repl · piano, violin · ▶ 0:03.2`, under the prompt. */
export default function StatusLine({ status, busy }: Props) {
  const connected = status.connection === 'connected';
  return (
    <Text dimColor>
      <Text color={connected ? 'green' : 'yellow'}>{connected ? '●' : '○'}</Text> {status.connection} · session {status.session} ·{' '}
      {status.parts.length === 0 ? 'no parts' : status.parts.join(', ')} · {status.playing === undefined ? '■ idle' : `▶ ${clock(status.playing)}`}
      {busy ? ' · evaluating…' : ''}
    </Text>
  );
}

/** Score time as m:ss.d. */
export function clock(ms: number): string {
  const tenths = Math.floor(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${minutes}:${seconds.toFixed(1).padStart(4, '0')}`;
}
