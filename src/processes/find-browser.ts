import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CodedError } from '../protocol/coded-error.js';

/** The names Chromium goes by on PATH: Debian's, Ubuntu's and Google's builds. */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** What to do without one: said wherever `--engine browser` finds no browser. */
export const HOW_TO_GET_A_BROWSER =
  'install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; Fedora: `sudo dnf install chromium`; macOS: Google Chrome), or pass --browser PATH';

/**
 * The Chromium that `--engine browser` starts: `explicit` (--browser) if given, else the first of
 * Chromium's usual names on PATH. None is an error that says how to get one.
 */
export function findBrowser(explicit?: string, path = process.env.PATH ?? ''): string {
  if (explicit !== undefined) {
    if (executable(explicit)) return explicit;
    throw new CodedError('ALDA_NO_BROWSER', `No browser at ${explicit} (--browser): it is missing or not executable; ${HOW_TO_GET_A_BROWSER}`);
  }
  for (const name of NAMES) {
    for (const dir of path.split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      if (executable(candidate)) return candidate;
    }
  }
  throw new CodedError('ALDA_NO_BROWSER', `--engine browser needs Chromium, and none is on PATH (${NAMES.join(', ')}): ${HOW_TO_GET_A_BROWSER}`);
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
