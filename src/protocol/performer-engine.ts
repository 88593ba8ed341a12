/**
 * What plays a session: the server's performers in Node (`node`: the built-in synth or a MIDI
 * port) or Web Audio in a browser page (`browser`, docs/browser.md). Its own file, free of zod,
 * so that the hand-written readers and the browser's bundles take it as the schemas do.
 */
export const PERFORMER_ENGINES = ['node', 'browser'] as const;
export type PerformerEngine = (typeof PERFORMER_ENGINES)[number];
