"""A client of the alda-live protocol (docs/protocol.md) in Python: finding the server, the
worker link with its heartbeats and backoff, and a performer's timeline. The plugins in
plugins/ written in Python share it."""
