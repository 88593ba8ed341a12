import type { Command } from 'commander';

export function registerLsp(program: Command): void {
  program
    .command('lsp')
    .description('a language server over stdio for editors: diagnostics as you type, completion, hover, symbols, play and stop')
    .option('--stdio', 'talk over standard input and output (the only way; editors often pass it)')
    .action(async () => {
      // Loaded when run: the language server and the engine are for this command alone.
      const { runLanguageServer } = await import('../lsp/language-server.js');
      runLanguageServer();
    });
}
