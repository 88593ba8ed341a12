import { Box, Text } from 'ink';
import type { Entry } from '../transcript.js';
import ErrorView from './ErrorView.js';
import { CONTINUATION, PROMPT } from './prompts.js';

type Props = {
  readonly entry: Entry;
};

/** One entry of the transcript, as printed above the prompt. */
export default function EntryView({ entry }: Props) {
  switch (entry.kind) {
    case 'input':
      return (
        <Box flexDirection="column">
          {entry.text.split('\n').map((line, i) => (
            <Text key={i}>
              <Text color="cyan">{i === 0 ? PROMPT : CONTINUATION}</Text>
              {line}
            </Text>
          ))}
        </Box>
      );
    case 'output':
      return <Text>{entry.text}</Text>;
    case 'notice':
      return <Text color="yellow">{entry.text}</Text>;
    case 'error':
      return <ErrorView error={entry.error} />;
  }
}
