import type { TimedMessage as FrameMessage } from '../../sound/frame-scheduler.js';
import { renderOffline, type OfflineRenderOptions } from './offline-render.js';
import { linkedPerformer } from './linked-performer.js';
import type { PageHost } from './page-link.js';
import { signIn, takeFragment } from '../page-sign-in.js';
import { SERVED_ASSETS, type WebAudioPerformer } from './web-audio-performer.js';

/** What `--engine browser` exposes to the page (playwright's exposeFunction); absent in a browser opened by hand. */
declare global {
  interface Window {
    aldaHostRecord?: (path: string, text: string) => Promise<void>;
    aldaHostExit?: () => Promise<void>;
    /** For tests and benchmarks: the performer once it plays, how it is doing, and an offline render by the same synth. */
    aldaPerformer?: {
      performer: WebAudioPerformer | undefined;
      status: string;
      readyAt: number | undefined;
      render: (messages: readonly FrameMessage[], options: Omit<OfflineRenderOptions, 'assets'>) => Promise<Float32Array[]>;
    };
  }
}

const state: NonNullable<Window['aldaPerformer']> = {
  performer: undefined,
  status: 'starting',
  readyAt: undefined,
  render: (messages, options) => renderOffline(messages, { ...options, assets: SERVED_ASSETS }),
};
window.aldaPerformer = state;
const statusLine = document.getElementById('status')!;
const show = (line: string) => {
  state.status = line;
  statusLine.textContent = line;
};

/**
 * The performer page: `#code=…&worker=…&pid=…` (a fragment: never sent to a server, never in a
 * Referer) carries a one-time code, which the page trades for a page credential as the
 * live-coding page does (page-sign-in.ts): one login for both. It then loads the synth and connects.
 */
async function main(): Promise<void> {
  const fragment = takeFragment();
  const code = fragment.get('code');
  const credential = await signIn(code);
  if (!credential) {
    return show(
      code === null
        ? 'No code: open this page with the address `alda-live` gives (it holds a one-time code).'
        : 'The server refused the code: it is good once, for 2 minutes. Ask alda-live for another.',
    );
  }
  const context = new AudioContext({ latencyHint: 'interactive' });
  if (context.state !== 'running') await askForSound(context);
  const host: PageHost | undefined =
    window.aldaHostRecord && window.aldaHostExit ? { record: window.aldaHostRecord, exit: window.aldaHostExit } : undefined;
  show('Loading the synth…');
  const { performer } = await linkedPerformer(context, {
    url: `ws://${location.host}`,
    credential,
    worker: fragment.get('worker') ?? undefined,
    pid: Number(fragment.get('pid') ?? 0),
    host,
    onStatus: show,
    lookahead: Number(fragment.get('lookahead') ?? 10),
  });
  state.performer = performer;
  state.readyAt = performance.now();
}

/** A browser opened by hand wants a click before it makes sound. */
function askForSound(context: AudioContext): Promise<void> {
  const button = document.getElementById('resume')!;
  button.hidden = false;
  show('Click "Start sound" to let this page play.');
  return new Promise((resolve) => {
    button.onclick = () => {
      button.hidden = true;
      void context.resume().then(resolve);
    };
  });
}

main().catch((error: Error) => show(`The performer failed: ${error.message}`));
