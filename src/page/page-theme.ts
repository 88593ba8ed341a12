import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

/** The editor's dark look, matching page.css, and a colour for each tag the Alda highlighting gives (alda-highlighting.ts). */
export const pageTheme = [
  EditorView.theme(
    {
      '&': { color: '#e6e6e6', backgroundColor: '#101216' },
      '.cm-content': { caretColor: '#f5f5f5' },
      '.cm-cursor, .cm-dropCursor': { borderLeftColor: '#f5f5f5' },
      '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: '#2f3b52' },
      '.cm-activeLine': { backgroundColor: '#181c24' },
      '.cm-gutters': { backgroundColor: '#14161b', color: '#6b7280', border: 'none' },
      '.cm-tooltip': { backgroundColor: '#1f232b', color: '#e6e6e6', border: '1px solid #3a3f4b' },
    },
    { dark: true },
  ),
  syntaxHighlighting(
    HighlightStyle.define([
      { tag: tags.comment, color: '#7f8794', fontStyle: 'italic' },
      { tag: tags.typeName, color: '#7bd88f', fontWeight: 'bold' },
      { tag: tags.string, color: '#e6db74' },
      { tag: tags.atom, color: '#8ab4f8' },
      { tag: tags.number, color: '#f4a261' },
      { tag: [tags.keyword, tags.controlKeyword], color: '#c792ea' },
      { tag: tags.operator, color: '#ff7eb6' },
      { tag: tags.labelName, color: '#ffd166' },
      { tag: tags.macroName, color: '#56d4dd' },
      { tag: [tags.variableName, tags.definition(tags.variableName)], color: '#f0a6ca' },
      { tag: [tags.bracket, tags.punctuation], color: '#9aa0aa' },
    ]),
  ),
];
