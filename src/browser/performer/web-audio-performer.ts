import type { TimedMessage as FrameMessage } from '../../sound/frame-scheduler.js';
import { PROCESSOR_NAME, type FromProcessor, type PlayedLine, type ProcessorCommand, type ProcessorSetup } from './worklet-messages.js';

/** Where the page finds what it plays with: both served by the alda-live server (`/performer/…`), or bundled by whoever embeds it. */
export interface PerformerAssets {
  /** The bundled synth processor (dist/web/synth-processor.js). */
  readonly worklet: string;
  /** The SF3 bank (FluidR3Mono). */
  readonly bank: string;
}

/** Where the alda-live server serves them (src/server/transport/page-routes.ts), for its own pages. */
export const SERVED_ASSETS: PerformerAssets = { worklet: '/performer/synth-processor.js', bank: '/performer/FluidR3Mono_GM.sf3' };

export interface WebAudioPerformerOptions {
  /** An `AudioContext` to play live, or an `OfflineAudioContext` to render `offline`. */
  readonly context: BaseAudioContext;
  readonly assets: PerformerAssets;
  /** How far ahead of now a session's first batch is placed, in ms. @default 10 */
  readonly lookahead?: number;
  /** dB on top of the calibrated level. @default 0 */
  readonly gain?: number;
  /** Reverb and chorus. @default true */
  readonly effects?: boolean;
  /** For an offline render: messages at context frames, all that will play. */
  readonly offline?: readonly FrameMessage[];
  /** The session's queue ran dry and nothing sounds (every `onPlayed` line before it delivered). */
  readonly onIdle?: (position: number) => void;
  /** What the synth played, for a recording opened with `record`. */
  readonly onPlayed?: (lines: readonly PlayedLine[]) => void;
  /** Four times a second of audio rendered, from the audio thread (no page timer, which a background tab slows). */
  readonly onTick?: () => void;
}

/** The audio thread refused a command, or failed to start. */
export class ProcessorError extends Error {}

/**
 * The Web Audio performer, for any page: an AudioWorklet running the performer and the General
 * MIDI synth (synth-processor.ts), wired to the context's output. It takes the protocol's
 * performer commands (docs/protocol.md) and answers as the Node performer does; a page that
 * talks to a server over WebSocket hands them through (page-link.ts), a page of its own may
 * call it directly. `node` is the synth's output, to tap or route elsewhere.
 */
export class WebAudioPerformer {
  readonly context: BaseAudioContext;
  readonly node: AudioWorkletNode;
  readonly #pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  #sequence = 0;

  private constructor(context: BaseAudioContext, node: AudioWorkletNode, options: WebAudioPerformerOptions) {
    this.context = context;
    this.node = node;
    node.port.onmessage = (event: MessageEvent<FromProcessor>) => {
      const message = event.data;
      if (message.type === 'reply' || message.type === 'error') {
        const waiting = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.type === 'reply') waiting?.resolve(message.result);
        else waiting?.reject(new ProcessorError(message.message));
      } else if (message.type === 'played') options.onPlayed?.(message.lines);
      else if (message.type === 'idle') options.onIdle?.(message.position);
      else if (message.type === 'tick') options.onTick?.();
    };
  }

  /** Loads the processor and the bank, and resolves once the synth plays (for an offline context, once it can). */
  static async start(options: WebAudioPerformerOptions): Promise<WebAudioPerformer> {
    const { context, assets } = options;
    const [, bank] = await Promise.all([context.audioWorklet.addModule(assets.worklet), fetchBytes(assets.bank)]);
    const setup: ProcessorSetup = {
      bank,
      lookahead: options.lookahead ?? 10,
      gain: options.gain ?? 0,
      effects: options.effects ?? true,
      ...(options.offline ? { offline: options.offline } : {}),
    };
    const node = new AudioWorkletNode(context, PROCESSOR_NAME, { numberOfInputs: 0, outputChannelCount: [2], processorOptions: setup });
    // Live, it is ready once it plays; an offline context plays only once it is rendered, so loaded is enough.
    const awaited = context instanceof OfflineAudioContext ? 'loaded' : 'ready';
    const ready = new Promise<void>((resolve, reject) => {
      node.port.onmessage = (event: MessageEvent<FromProcessor>) => {
        if (event.data.type === awaited) resolve();
        if (event.data.type === 'failed') reject(new ProcessorError(`The synth could not start: ${event.data.message}`));
      };
    });
    node.connect(context.destination);
    await ready;
    return new WebAudioPerformer(context, node, options);
  }

  /** Carries out a performer command on the audio thread, and resolves with its reply's result. */
  command(command: ProcessorCommand): Promise<Record<string, unknown>> {
    const id = ++this.#sequence;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.node.port.postMessage({ type: 'command', id, command });
    });
  }

  /** Disconnects the synth; the context stays the caller's. */
  close(): void {
    this.node.disconnect();
    this.node.port.close();
    for (const waiting of this.#pending.values()) waiting.reject(new ProcessorError('The performer was closed'));
    this.#pending.clear();
  }
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new ProcessorError(`Could not load ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}
