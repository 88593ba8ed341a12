import { commands, window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Starts `alda-live lsp` for .alda files, and binds play and stop to the server's commands. */
export async function activate(context: ExtensionContext): Promise<void> {
  const command = workspace.getConfiguration('alda-live').get<string>('command', 'alda-live');
  const server: ServerOptions = { command, args: ['lsp', '--stdio'] };
  const options: LanguageClientOptions = { documentSelector: [{ language: 'alda' }] };
  client = new LanguageClient('alda-live', 'alda-live', server, options);

  const play = (mode: 'part' | 'selection' | 'cursor') => async () => {
    const editor = window.activeTextEditor;
    if (!editor || !client) return;
    const selection = editor.selection;
    // With nothing selected, "play selection" plays the line the cursor is on.
    const range = mode === 'selection' && selection.isEmpty ? editor.document.lineAt(selection.active.line).range : selection;
    await client.sendRequest('workspace/executeCommand', {
      command: 'alda-live.play',
      arguments: [{ uri: editor.document.uri.toString(), mode, range: { start: range.start, end: range.end } }],
    });
  };
  const stop = async () => {
    const editor = window.activeTextEditor;
    if (!editor || !client) return;
    await client.sendRequest('workspace/executeCommand', { command: 'alda-live.stop', arguments: [{ uri: editor.document.uri.toString() }] });
  };

  context.subscriptions.push(
    commands.registerCommand('alda-live.playPart', play('part')),
    commands.registerCommand('alda-live.playSelection', play('selection')),
    commands.registerCommand('alda-live.playFromCursor', play('cursor')),
    commands.registerCommand('alda-live.stopPlaying', stop),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
