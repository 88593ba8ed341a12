import { Box, Text } from 'ink';
import type { ReplError } from '../transcript.js';
import { CONTINUATION } from './prompts.js';

type Props = {
  readonly error: ReplError;
};

/**
 * An error under the input it belongs to: a caret under the column, then the message (and a
 * hint where the message is cryptic). When
 * the error is on an earlier line of a multi-line input, that line is shown again above the caret.
 */
export default function ErrorView({ error }: Props) {
  const at = error.at;
  const indent = ' '.repeat(CONTINUATION.length);
  return (
    <Box flexDirection="column">
      {at && !at.isLast && (
        <Text dimColor>
          {indent}
          {at.text}
        </Text>
      )}
      {at && (
        <Text color="red">
          {indent}
          {' '.repeat(at.column - 1)}^
        </Text>
      )}
      <Text color="red">
        {at ? `line ${at.line}, column ${at.column}: ` : 'error: '}
        {error.message}
      </Text>
      {error.hint && <Text dimColor>hint: {error.hint}</Text>}
    </Box>
  );
}
