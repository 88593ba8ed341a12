/** The prompt, and the one shown while an input continues on further lines; equally wide, so columns line up. */
export const PROMPT = 'alda> ';
export const CONTINUATION = '....> ';
