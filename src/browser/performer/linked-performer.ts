import { PageLink, type PageLinkOptions } from './page-link.js';
import { SERVED_ASSETS, WebAudioPerformer } from './web-audio-performer.js';

export interface LinkedPerformerOptions extends Omit<PageLinkOptions, 'worker'> {
  /** The worker id the server knows it by. @default a fresh `page-…` */
  readonly worker?: string | undefined;
  /** How far ahead of now a session's first batch is placed, in ms. @default 10 */
  readonly lookahead?: number | undefined;
}

/**
 * A Web Audio performer in `context` that serves the server as one of its performers: the synth
 * as the server serves it, and the link to the server (page-link.ts), each wired to the other
 * (the link hands the performer its commands; the performer's idle, audio-thread ticks and played
 * lines go to the link). The link connects once the synth plays. The performer page and the
 * live-coding page's own sound both start theirs here.
 */
export async function linkedPerformer(context: AudioContext, options: LinkedPerformerOptions): Promise<{ performer: WebAudioPerformer; link: PageLink }> {
  const link = new PageLink({ ...options, worker: options.worker ?? `page-${crypto.randomUUID().slice(0, 8)}` });
  const performer = await WebAudioPerformer.start({
    context,
    assets: SERVED_ASSETS,
    lookahead: options.lookahead,
    onIdle: (position) => link.idle(position),
    onTick: () => link.tick(),
    onPlayed: (lines) => link.played(lines),
  });
  link.attach(performer);
  return { performer, link };
}
