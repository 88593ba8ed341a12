import { fileURLToPath } from 'node:url';
import {
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  ProposedFeatures,
  ResponseError,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CompletionItem,
  type Connection,
  type DocumentSymbol,
  type Range,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { connect, describeFailure, type Client } from '../client/client.js';
import { sessionForFile } from '../client/file-session.js';
import { checkScore } from '../language/check-score.js';
import { scoreOutline, type Declaration } from '../language/score-outline.js';
import { ATTRIBUTE_WORDS, describeWord, INSTRUMENT_WORDS } from '../language/vocabulary.js';
import { playEval, type PlayMode } from './play-request.js';

/** The commands an editor sends with `workspace/executeCommand`. */
export const PLAY_COMMAND = 'alda-live.play';
export const STOP_COMMAND = 'alda-live.stop';

/** `alda-live.play`'s argument: the document, what to play, and the selection (or the cursor, as an empty one). */
interface PlayArguments {
  readonly uri: string;
  readonly mode: PlayMode;
  readonly range: Range;
}

const WORD = /[A-Za-z0-9!_\-+'.]/;
const SYMBOL_KINDS: Readonly<Record<Declaration['kind'], SymbolKind>> = { part: SymbolKind.Class, marker: SymbolKind.Key, variable: SymbolKind.Variable };

/**
 * `alda-live lsp`: a language server over stdio. Diagnostics come from evaluating the text in
 * this process with the engine (never played); completion, hover and symbols from the language's
 * vocabulary and the document's own declarations; the play and stop commands go to the running
 * server (started if there is none), in the file's session.
 */
export function runLanguageServer(connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): void {
  const documents = new TextDocuments(TextDocument);
  let client: Promise<Client> | undefined;
  const server = (): Promise<Client> => (client ??= connect().catch((error: unknown) => {
    client = undefined;
    throw error;
  }));

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['('] },
      hoverProvider: true,
      documentSymbolProvider: true,
      executeCommandProvider: { commands: [PLAY_COMMAND, STOP_COMMAND] },
    },
    serverInfo: { name: 'alda-live' },
  }));

  documents.onDidChangeContent(({ document }) => {
    const diagnostics = checkScore(document.getText(), fileName(document.uri)).map((problem) => ({
      severity: DiagnosticSeverity.Error,
      range: problem.span ? { start: document.positionAt(problem.span.start), end: document.positionAt(problem.span.end) } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: problem.message,
      code: problem.code,
      source: 'alda-live',
    }));
    void connection.sendDiagnostics({ uri: document.uri, diagnostics });
  });

  connection.onCompletion(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    const text = document.getText();
    const before = text.slice(0, document.offsetAt(position));
    const word = /[A-Za-z0-9!_\-+'.]*$/.exec(before)![0];
    // After `(` comes an attribute; anywhere else a part: an instrument or a name the score gave one.
    const inLisp = before.slice(0, before.length - word.length).endsWith('(');
    const items = (words: readonly string[], kind: CompletionItemKind): CompletionItem[] => words.map((label) => ({ label, kind }));
    if (inLisp) return items(ATTRIBUTE_WORDS, CompletionItemKind.Function);
    // The line being typed seldom parses yet: the parts are those declared above it.
    const declared = scoreOutline(text.slice(0, document.offsetAt({ line: position.line, character: 0 })));
    const parts = [...new Set(declared.filter((declaration) => declaration.kind === 'part').map((part) => part.name))];
    return [...items(parts, CompletionItemKind.Variable), ...items(INSTRUMENT_WORDS.filter((instrument) => !parts.includes(instrument)), CompletionItemKind.Class)];
  });

  connection.onHover(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    const text = document.getText();
    let start = document.offsetAt(position);
    let end = start;
    while (start > 0 && WORD.test(text[start - 1]!)) start--;
    while (end < text.length && WORD.test(text[end]!)) end++;
    const description = describeWord(text.slice(start, end));
    return description ? { contents: { kind: 'markdown', value: description }, range: { start: document.positionAt(start), end: document.positionAt(end) } } : null;
  });

  connection.onDocumentSymbol(({ textDocument }): DocumentSymbol[] => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    return scoreOutline(document.getText()).map((declaration) => {
      const range = { start: document.positionAt(declaration.span.start), end: document.positionAt(declaration.span.end) };
      return { name: declaration.name, detail: declaration.kind, kind: SYMBOL_KINDS[declaration.kind], range, selectionRange: range };
    });
  });

  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    const { uri, mode, range } = (args?.[0] ?? {}) as Partial<PlayArguments>;
    if (typeof uri !== 'string') return new ResponseError(-32602, `${command} takes {uri, mode, range}`);
    const session = sessionForFile(fileName(uri));
    try {
      const alda = await server();
      if (command === STOP_COMMAND) return await alda.request('stop', { session });
      const document = documents.get(uri);
      if (command !== PLAY_COMMAND || !document || !range || (mode !== 'selection' && mode !== 'part' && mode !== 'cursor')) {
        return new ResponseError(-32602, `Unknown command or arguments: ${command}`);
      }
      const name = fileName(uri);
      const play = playEval(document.getText(), mode, document.offsetAt(range.start), document.offsetAt(range.end), name);
      return await alda.request('eval', { session, name, ...play }, { timeout: 10_000 });
    } catch (error) {
      const message = describeFailure(error);
      connection.window.showErrorMessage(message);
      return new ResponseError(-32603, message);
    }
  });

  documents.listen(connection);
  connection.listen();
}

function fileName(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}
