import { Box, Static, Text, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import { INSTRUMENT_WORDS } from '../../language/vocabulary.js';
import type { CommandContext } from '../commands/command.js';
import { interpret } from '../commands/interpret.js';
import { commandArguments, COMMANDS } from '../commands/registry.js';
import type { Vocabulary } from '../completion.js';
import type { History } from '../history.js';
import { applyKey } from '../keymap.js';
import type { LiveSession, Status } from '../live-session.js';
import { clear, initialPrompt, isBlank, type PromptState } from '../prompt-state.js';
import type { Entry } from '../transcript.js';
import EntryView from './EntryView.js';
import Prompt from './Prompt.js';
import { PROMPT } from './prompts.js';
import StatusLine from './StatusLine.js';

type Props = {
  /** An opened session. */
  readonly session: LiveSession;
  readonly history: History;
  /** Where `:load`, `:save` and `:export` resolve file names. */
  readonly cwd: string;
  /** Printed first. */
  readonly greeting?: string;
};

type Numbered = Entry & { readonly id: number };

/** Erase the screen and its scrollback, cursor home (what Ctrl-L does in a shell). */
const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

/**
 * The `alda>` REPL: a transcript printed once above (Ink's Static), the prompt, and a status
 * line. Inputs are evaluated one at a time, in the order they were entered; typing goes on
 * while they are.
 */
export default function App({ session, history, cwd, greeting }: Props) {
  const { exit } = useApp();
  const { stdout, write } = useStdout();
  const [entries, setEntries] = useState<Numbered[]>(() => (greeting ? [{ kind: 'output', text: greeting, id: 0 }] : []));
  const [status, setStatus] = useState<Status>(session.status);
  /** Inputs entered but not yet started: shown dimmed above the prompt until their turn. */
  const [waiting, setWaiting] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<PromptState>(() => initialPrompt(history.load()));
  /** The prompt as of the last key, for the next key: keys can come faster than renders. */
  const prompt = useRef<PromptState>(shown);
  const queue = useRef<string[]>([]);
  const running = useRef(false);
  const nextId = useRef(1);

  const print = useCallback((entry: Entry) => setEntries((list) => [...list, { ...entry, id: nextId.current++ }]), []);

  const quit = useCallback(() => {
    session.close();
    exit();
  }, [session, exit]);

  const context = useRef<CommandContext>({ session, print, cwd, quit, lastFile: undefined }).current;

  useEffect(() => {
    const notice = (text: string) => print({ kind: 'notice', text });
    session.on('status', setStatus);
    session.on('notice', notice);
    return () => {
      session.off('status', setStatus);
      session.off('notice', notice);
    };
  }, [session, print]);

  const pump = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    for (let input = queue.current.shift(); input !== undefined; input = queue.current.shift()) {
      // Echoed as it starts, so that what it prints (an error's caret) comes right under it.
      print({ kind: 'input', text: input });
      setWaiting([...queue.current]);
      await interpret(input, context);
    }
    running.current = false;
    setBusy(false);
  }, [context, print]);

  const submit = useCallback(
    (inputs: readonly string[]) => {
      for (const input of inputs) {
        history.add(input);
        queue.current.push(input);
      }
      setWaiting([...queue.current]);
      void pump();
    },
    [history, pump],
  );

  const interrupt = useCallback(async () => {
    const typed = !isBlank(prompt.current);
    if (typed) show(clear(prompt.current));
    const stopped = await session.stop().catch(() => false);
    if (stopped) print({ kind: 'notice', text: 'Stopped' });
    else if (!typed && !running.current && queue.current.length === 0) quit();
  }, [session, print, quit]);

  const show = (state: PromptState) => {
    prompt.current = state;
    setShown(state);
  };

  useInput((input, key) => {
    const step = applyKey(prompt.current, input, key, vocabulary(session));
    show(step.state);
    if (step.submitted.length > 0) submit(step.submitted);
    if (step.signal === 'interrupt') void interrupt();
    if (step.signal === 'quit') quit();
    // Ink writes this above its own lines and draws them again: the prompt and status line come back at the top.
    if (step.signal === 'clear') write(CLEAR_SCREEN);
  });

  return (
    <Box flexDirection="column">
      <Static items={entries}>{(entry) => <EntryView key={entry.id} entry={entry} />}</Static>
      {waiting.map((input, i) => (
        <Text key={i} dimColor>
          {PROMPT}
          {input}
        </Text>
      ))}
      <Prompt pending={shown.pending} line={shown.line} candidates={shown.candidates} />
      <StatusLine status={status} busy={busy} width={stdout.columns} />
    </Box>
  );
}

function vocabulary(session: LiveSession): Vocabulary {
  const state = session.score.state;
  return {
    commands: COMMANDS.map((command) => command.name),
    arguments: commandArguments(),
    instruments: INSTRUMENT_WORDS,
    parts: [...state.parts.map((part) => part.name), ...state.aliases.keys()],
  };
}
