import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CodedError } from './coded-error.js';

/** The file that describes a component, in its folder (`plugins/NAME/component.json`). */
export const MANIFEST = 'component.json';

/**
 * A component that speaks the protocol, as `alda-live server --with` and `alda-live conformance
 * --with` start it: `command` runs in the component's folder, with `{url}` and `{token_file}`
 * replaced by the server's address and a file holding its token.
 */
export const componentManifestSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, 'a component name is 1–64 of a–z 0–9 . _ -, starting with a letter'),
  role: z.enum(['performer', 'service', 'client']),
  /** For a service worker: the service it offers. */
  service: z.string().max(64).optional(),
  description: z.string().max(1000).optional(),
  command: z.array(z.string().min(1).max(4096)).min(1).max(256),
});
export type ComponentManifest = z.infer<typeof componentManifestSchema>;

/** A component's manifest and the folder it runs in. */
export interface Component {
  readonly manifest: ComponentManifest;
  readonly dir: string;
}

/** Reads `DIR/component.json`; a missing or malformed one is refused, saying where and what. */
export function readComponent(dir: string): Component {
  const path = join(dir, MANIFEST);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message;
    throw new CodedError('ALDA_CANNOT_READ', `Cannot read the component manifest ${path}: ${reason}`);
  }
  const parsed = componentManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CodedError('ALDA_BAD_MESSAGE', `${path}: ${issue.path.join('.') || 'the manifest'}: ${issue.message}`);
  }
  return { manifest: parsed.data, dir };
}

/** The command line with `{url}` and `{token_file}` filled in. */
export function commandLine(manifest: Pick<ComponentManifest, 'command'>, place: { url: string; tokenFile: string }): string[] {
  return manifest.command.map((word) => word.replaceAll('{url}', place.url).replaceAll('{token_file}', place.tokenFile));
}
