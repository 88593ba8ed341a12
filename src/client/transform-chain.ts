import { transformStepSchema, type TransformStep } from '../protocol/messages.js';

/**
 * An eval's transform chain as people type it: steps separated by `|`, each a service name and
 * its arguments, separated by spaces or commas, optionally after `=`: `swing 0.6`,
 * `swing=0.6,16 | humanize 8`. An argument that reads as a number is sent as one.
 * Returns the steps, or what is wrong.
 */
export function parseTransformChain(text: string): TransformStep[] | string {
  const steps: TransformStep[] = [];
  for (const part of text.split('|')) {
    const [service = '', ...words] = part.trim().split(/[\s,=]+/).filter((word) => word !== '');
    const args = words.map((word) => (word.trim() !== '' && Number.isFinite(Number(word)) ? Number(word) : word));
    const step = transformStepSchema.safeParse(args.length > 0 ? { service, args } : { service });
    if (!step.success) return `"${part.trim()}" is not a transform step: ${step.error.issues[0]!.message} (e.g. swing 0.6)`;
    steps.push(step.data);
  }
  return steps;
}

/** The chain as `parseTransformChain` reads it: `swing 0.6 | humanize 8`. */
export function describeTransformChain(steps: readonly TransformStep[]): string {
  return steps.map((step) => [step.service, ...(step.args ?? [])].join(' ')).join(' | ');
}
