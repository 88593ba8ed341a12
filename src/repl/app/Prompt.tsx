import { Box, Text } from 'ink';
import type { LineState } from '../line-editor.js';
import { CONTINUATION, PROMPT } from './prompts.js';

type Props = {
  /** Lines of the input already entered. */
  readonly pending: readonly string[];
  readonly line: LineState;
  /** Candidates of the last Tab, listed under the prompt. */
  readonly candidates: readonly string[];
};

/** The input being typed: earlier lines of a multi-line input, then the line with its cursor. */
export default function Prompt({ pending, line, candidates }: Props) {
  const atCursor = line.text.slice(line.cursor, line.cursor + 1) || ' ';
  return (
    <Box flexDirection="column">
      {pending.map((text, i) => (
        <Text key={i}>
          <Text color="cyan">{i === 0 ? PROMPT : CONTINUATION}</Text>
          {text}
        </Text>
      ))}
      <Text>
        <Text color="cyan">{pending.length === 0 ? PROMPT : CONTINUATION}</Text>
        {line.text.slice(0, line.cursor)}
        <Text inverse>{atCursor}</Text>
        {line.text.slice(line.cursor + atCursor.length)}
      </Text>
      {candidates.length > 0 && <Text dimColor>{candidates.join('  ')}</Text>}
    </Box>
  );
}
