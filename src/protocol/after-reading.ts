/**
 * Runs `verdict` once what is waiting in our sockets has been read (an immediate runs after the
 * event loop's I/O phase). A timer that judges a peer (silent too long, a request unanswered)
 * can fire after our own loop was blocked, say by a pause of the machine: the peer's messages
 * that came meanwhile sit unread, and must be read before it is condemned for their absence.
 * A browser (the performer's page) has no `setImmediate`: a task queued after the socket's
 * waiting messages does the same there.
 */
export function afterReading(verdict: () => void): void {
  if (typeof setImmediate === 'function') setImmediate(verdict);
  else setTimeout(verdict, 0);
}
