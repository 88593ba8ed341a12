/** What a connection is to the server, settled when it connects (docs/protocol.md, "Connecting"). */
export type Role = 'client' | 'performer' | 'worker';

/**
 * One connection to the server, whatever carries it (a WebSocket today; an nREPL socket, a
 * language server's stdio or a page's HTTP tomorrow): sessions know their members as peers, and
 * never see the transport.
 */
export interface Peer {
  readonly id: string;
  readonly role: Role;
  /** Sends one message (already encoded); a peer that does not read is dropped rather than buffered for. */
  send(text: string): void;
  close(code: number, reason: string): void;
  /** `clean`: the peer said goodbye (a WebSocket close 1000 or 1001), rather than being cut off. */
  onClose(listener: (clean: boolean) => void): void;
}
