import { linkedPerformer } from '../browser/performer/linked-performer.js';
import type { PageLink } from '../browser/performer/page-link.js';
import type { WebAudioPerformer } from '../browser/performer/web-audio-performer.js';

/** How long the server may take to take the page on as a performer, in ms. */
const WELCOME_TIMEOUT = 15_000;

export interface PageSoundOptions {
  readonly credential: string;
  /** The page's session: its performer serves that one only (`for`). */
  readonly session: string;
  readonly onStatus: (line: string) => void;
}

/**
 * The live-coding page's own sound: the performer page's Web Audio performer (the AudioWorklet
 * with the performer and the synth) run in this page, connected to the server as a performer
 * reserved `for` the page's session (docs/protocol.md, "Performers"). A browser starts an
 * AudioContext only on a user's gesture: the synth loads before (`prepare`), and the sound starts
 * with the first `start()`, which a gesture's handler calls before anything else (the first
 * Ctrl-Enter, a click). When the page
 * goes, the link says goodbye: the server gives the session back to its own performers at once.
 */
export class PageSound {
  readonly #options: PageSoundOptions;
  #context: AudioContext | undefined;
  #ready: Promise<WebAudioPerformer> | undefined;
  #link: PageLink | undefined;

  constructor(options: PageSoundOptions) {
    this.#options = options;
  }

  /** The performer, once it plays (for tests: its output is `node`). */
  performer: WebAudioPerformer | undefined;

  /**
   * Loads the synth ahead of the gesture, so that the first Ctrl-Enter plays at once: the
   * AudioContext is made (a browser keeps it suspended until a gesture), the worklet and the
   * bank load into it; it plays, and connects to the server, once `start` resumes it.
   */
  prepare(): void {
    this.#context ??= new AudioContext({ latencyHint: 'interactive' });
    const context = this.#context;
    this.#ready ??= this.#begin(context).catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    // A failure is the `start` caller's to say.
    this.#ready.catch(() => undefined);
  }

  /**
   * Starts the sound, from a user's gesture: the AudioContext is resumed before this returns,
   * while the gesture counts. Resolves once the synth plays and the server has taken the page on.
   */
  start(): Promise<WebAudioPerformer> {
    this.prepare();
    void this.#context!.resume();
    return this.#ready!;
  }

  async #begin(context: AudioContext): Promise<WebAudioPerformer> {
    const { credential, session, onStatus } = this.#options;
    onStatus('Loading the synth: it sounds from your first Ctrl/Cmd-Enter');
    let welcomed!: (taken: boolean) => void;
    const welcome = new Promise<boolean>((resolve) => (welcomed = resolve));
    const { performer, link } = await linkedPerformer(context, {
      url: `ws://${location.host}`,
      credential,
      pid: 0,
      host: undefined,
      for: session,
      onStatus: (line) => onStatus(line.startsWith('Connected') ? `This page plays session ${session}` : line),
      onWelcome: () => welcomed(true),
    });
    this.#link = link;
    const timer = setTimeout(() => welcomed(false), WELCOME_TIMEOUT);
    const taken = await welcome;
    clearTimeout(timer);
    if (!taken) {
      // For good: a welcome that came later would make this page the session's performer after it said it cannot play, and a later `start` would add a second.
      this.#link = undefined;
      link.leave();
      performer.close();
      throw new Error(`The server did not take this page as a performer within ${WELCOME_TIMEOUT / 1000} s`);
    }
    this.performer = performer;
    return performer;
  }

  /** The page is going: silence here, and goodbye to the server. */
  leave(): void {
    this.#link?.leave();
    void this.#context?.close();
  }
}
