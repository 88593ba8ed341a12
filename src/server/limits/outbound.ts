import type { WebSocket } from 'ws';

/**
 * Sends to a peer unless it has stopped reading: with more than `maxBufferedBytes` already
 * waiting to go out to it, the connection is terminated instead (it could not read a close
 * frame either), so a peer that never reads cannot make the server hold its replies and
 * updates without end. One message, however large, always goes to a peer that keeps up.
 */
export function sendWithin(ws: WebSocket, text: string, maxBufferedBytes: number): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > maxBufferedBytes) {
    ws.terminate();
    return;
  }
  ws.send(text);
}
