import { fileURLToPath } from 'node:url';

/**
 * Everything a test reads lives in test/fixtures/ (see its README for where each part comes from
 * and under which licence), so a fresh clone runs the suite with nothing beside it.
 */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The absolute path of a file under test/fixtures/. */
export const fixture = (path: string): string => FIXTURES + path;

/** The folder of Alda's own example scores. */
export const CORPUS = fixture('corpus/alda-examples');
