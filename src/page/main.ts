import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState, Prec } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import type { LiveStatusResult } from '../protocol/results.js';
import { aldaLanguage } from './alda-highlighting.js';
import { evaluationRange } from './evaluation-range.js';
import { renderLive } from './live-panel.js';
import { PageConnection, RequestFailure } from './page-connection.js';
import { pageTheme } from './page-theme.js';
import { signIn, signOut, takeFragment } from '../browser/page-sign-in.js';
import { PageSound } from './page-sound.js';
import { AHEAD, BEHIND, PianoRoll } from './piano-roll.js';
import { problemMark } from './problem-mark.js';
import type { PerformerEngine } from '../protocol/performer-engine.js';
import { freshSession } from '../client/session-names.js';

/**
 * The live-coding page (docs/browser.md): an editor whose Ctrl/Cmd-Enter evaluates the selection
 * or the paragraph at the cursor in a session of the server, errors marked where they are, the
 * session's notes in a piano roll under a moving playhead, and its live loops beside it.
 */

/** How often the page asks where the session is (notes and loops), in ms. */
const POLL_INTERVAL = 200;
/** Evaluations of other clients listed, the newest first. */
const OTHERS_SHOWN = 50;
/** Reconnections tried, a second apart, before the page asks for a new link. */
const RECONNECTS = 5;
/** Where the tab keeps its session's name across reloads. */
const SESSION_KEY = 'alda-live.session';

declare global {
  interface Window {
    /** For tests: the page's own sound (its performer, once it plays). */
    aldaPage?: { sound: PageSound };
  }
}

/** The session the link named, else the tab's own (kept across reloads), else a fresh one. */
function pageSession(named: string | null): string {
  if (named !== null) sessionStorage.setItem(SESSION_KEY, named);
  if (sessionStorage.getItem(SESSION_KEY) === null) sessionStorage.setItem(SESSION_KEY, freshSession('page'));
  return sessionStorage.getItem(SESSION_KEY)!;
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function main(): Promise<void> {
  const status = byId<HTMLElement>('status');
  const say = (text: string, kind: 'ok' | 'error' | 'info' = 'info') => {
    status.textContent = text;
    status.dataset.kind = kind;
  };
  const fragment = takeFragment();
  const session = pageSession(fragment.get('session'));
  const signedIn = await signIn(fragment.get('code')).catch(() => undefined);
  if (!signedIn) {
    say('This page needs a link from `alda-live page` (it works once): run it in a terminal and open what it prints.', 'error');
    return;
  }
  const credential: string = signedIn;
  byId('session').textContent = session;
  byId('share').textContent = `alda-live repl --session ${session}`;
  const mode = byId<HTMLSelectElement>('mode');
  const quant = byId<HTMLSelectElement>('quant');
  const roll = new PianoRoll(byId<HTMLCanvasElement>('roll'));
  const livePanel = byId<HTMLElement>('live');
  const others = byId<HTMLElement>('others');
  renderLive(livePanel, undefined);

  let connection: PageConnection | undefined;
  /** Joined: the session exists and this page hears of others' evaluations in it. */
  let joined = false;
  let live: LiveStatusResult | undefined;

  /** What plays the session: this page's own Web Audio performer (`browser`), or the server's (`node`). */
  const soundChoice = byId<HTMLSelectElement>('sound');
  const soundStatus = byId<HTMLElement>('sound-status');
  const sound = new PageSound({ credential, session, onStatus: (line) => (soundStatus.textContent = line) });
  window.aldaPage = { sound };
  window.addEventListener('pagehide', () => sound.leave());
  if (soundChoice.value === 'page') sound.prepare();
  const wanted = (): PerformerEngine => (soundChoice.value === 'page' ? 'browser' : 'node');
  /** The engine the server was last told for the session on this connection. */
  let told: PerformerEngine | undefined;

  /** Starts this page's sound if it is the one chosen: first thing in a gesture's handler (a browser starts audio only then). */
  function soundFromGesture(): Promise<unknown> {
    return wanted() === 'browser' ? sound.start() : Promise.resolve();
  }

  /** Tells the server what plays the session, if it was not told yet: a session that plays moves (what sounds stops). */
  async function tellEngine(): Promise<boolean> {
    const engine = wanted();
    if (!connection || told === engine) return false;
    const { changed } = await connection.request('engine', { session, engine });
    told = engine;
    return changed;
  }

  /** The sink an evaluation names: the page's own browser performer, or the server's choice. */
  const sink = () => (wanted() === 'browser' ? { sink: { engine: 'browser' } } : {});

  const editor = new EditorView({
    parent: byId('editor'),
    state: EditorState.create({
      doc: '',
      extensions: [
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (void evaluateAtCursor(), true) }])),
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        aldaLanguage,
        pageTheme,
        lintGutter(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
      ],
    }),
  });

  /** Joins the session; `announce` says so on the status line (not after an evaluation, whose result is said there). */
  async function join(announce: boolean): Promise<void> {
    if (!connection) return;
    try {
      const { code, events } = await connection.request('join', { session });
      joined = true;
      if (editor.state.doc.length === 0 && code !== '') editor.dispatch({ changes: { from: 0, insert: code } });
      if (announce) say(`Joined session ${session} (${events} notes so far)`, 'ok');
    } catch (error) {
      // A session is made by its first evaluation: the page joins it then.
      if (!(error instanceof RequestFailure && error.code === 'ALDA_NO_SUCH_SESSION')) throw error;
    }
  }

  async function connect(attempt = 1): Promise<void> {
    try {
      connection = await PageConnection.open(credential, {
        update: (update) => {
          const line = document.createElement('li');
          line.textContent = `${update.events} notes from another client: ${(update.code ?? '(forms)').trim().split('\n')[0]}`;
          others.prepend(line);
          while (others.children.length > OTHERS_SHOWN) others.lastElementChild!.remove();
        },
        event: (event) => say(event.message, 'error'),
        closed: () => {
          connection = undefined;
          joined = false;
          say('The connection to the server closed; reconnecting…', 'error');
          setTimeout(() => void connect(), 1000);
        },
      });
      told = undefined;
      await join(true);
      if (!joined) say(`Connected. Ctrl/Cmd-Enter evaluates the paragraph at the cursor (or the selection) in session ${session}`, 'ok');
    } catch (error) {
      if (attempt >= RECONNECTS) {
        signOut();
        say(`${(error as Error).message}`, 'error');
        return;
      }
      setTimeout(() => void connect(attempt + 1), 1000);
    }
  }

  /** Evaluates `code`, which starts at `base` in the editor; `whole` for the whole text (Play all). */
  async function evaluate(code: string, base: number, whole: boolean): Promise<void> {
    const started = soundFromGesture();
    if (!connection) return say('Not connected to the server', 'error');
    editor.dispatch(setDiagnostics(editor.state, []));
    if (code.trim() === '') return say('Nothing to evaluate here: put the cursor in a paragraph, or select some code', 'info');
    try {
      await started;
    } catch (error) {
      return say(`This page cannot play: ${(error as Error).message}. Choose the server's performer under "sound".`, 'error');
    }
    try {
      await tellEngine();
      if (mode.value === 'loop') {
        const looping = await connection.request('live', { session, code, name: 'page', whole, quant: quant.value, ...sink() });
        live = looping;
        renderLive(livePanel, live);
        say(`Looping: ${looping.swaps.map((swap) => `${swap.part} ${swap.kind}s ${swap.at <= looping.now ? 'now' : `in ${((swap.at - looping.now) / 1000).toFixed(2)} s`}`).join(', ') || 'nothing changed'}`, 'ok');
      } else {
        const result = await connection.request('eval', { session, code, name: 'page', reset: whole, ...sink() });
        say(`${result.events} ${result.events === 1 ? 'note' : 'notes'} evaluated${result.notices?.length ? `; ${result.notices.join('; ')}` : ''}`, 'ok');
      }
      if (!joined) await join(false);
    } catch (error) {
      if (!(error instanceof RequestFailure)) throw error;
      const mark = problemMark(error, code, base);
      editor.dispatch(setDiagnostics(editor.state, [mark]));
      say(error.span ? `${error.span.line + editor.state.doc.lineAt(base).number - 1}:${error.span.column} ${mark.message}` : error.message, 'error');
    }
  }

  function evaluateAtCursor(): Promise<void> {
    const { from, to } = editor.state.selection.main;
    const text = editor.state.doc.toString();
    const range = evaluationRange(text, from, to);
    return evaluate(text.slice(range.from, range.to), range.from, false);
  }

  soundChoice.addEventListener('change', () => {
    const started = soundFromGesture();
    void started
      .then(() => tellEngine())
      .then(
        (changed) => say(`${wanted() === 'browser' ? 'This page plays' : "The server's performer plays"} session ${session}${changed ? ' (what sounded was stopped)' : ''}`, 'ok'),
        (error: Error) => say(error.message, 'error'),
      );
  });
  byId('evaluate').addEventListener('click', () => void evaluateAtCursor());
  byId('play').addEventListener('click', () => void evaluate(editor.state.doc.toString(), 0, true));
  byId('stop').addEventListener('click', () => {
    void connection?.request('stop', { session }).then(
      () => say('Stopped', 'ok'),
      (error: Error) => say(error.message, 'error'),
    );
  });

  /** Where the session is: its notes around the playhead, and its loops. One poll at a time. */
  async function poll(): Promise<void> {
    if (connection && joined) {
      const head = roll.playhead();
      const window = head === null ? {} : { from: head - BEHIND - 1000, to: head + AHEAD + 1000 };
      try {
        roll.show(await connection.request('notes', { session, ...window }));
        live = await connection.request('live-status', { session });
      } catch (error) {
        if (!(error instanceof RequestFailure)) throw error;
        if (error.code === 'ALDA_NOT_LIVE') live = undefined;
        if (error.code === 'ALDA_NO_SUCH_SESSION') joined = false;
      }
      renderLive(livePanel, live);
    }
    setTimeout(() => void poll(), POLL_INTERVAL);
  }

  const frame = () => {
    roll.draw();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  await connect();
  void poll();
  editor.focus();
}

void main();
