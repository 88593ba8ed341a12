"""A worker's link to the server (docs/protocol.md, "Liveness" and "Workers"): the paranoid
pirate, as alda-live's own performers and workers do it.

    connect on the role's path ──▶ ready ──▶ messages ⇄ answers, heartbeats when quiet
        ▲                                      │ closed, or the server silent 3 intervals
        └──────── backoff 1 s, 2 s … 32 s ◀────┘
"""

import asyncio
import json
import sys
import time

import websockets

from .address import endpoint

PROTOCOL_VERSION = 1
MAX_MESSAGE = 64 * 1024 * 1024


class Link:
    def __init__(self, url, token, path, ready, handle, interval=1.0, liveness=3, status=None):
        """`ready()` is the first message of every connection; `handle(message)` gets each
        message that is a JSON object, in order; `status(line)` hears where the link stands."""
        self.url = url
        # The heartbeat interval, in s: 1 unless the server's `welcome` says otherwise.
        self._token = token
        self._path = path
        self._ready = ready
        self._handle = handle
        self.interval = interval
        self._liveness = liveness
        self._status = status or (lambda line: print(line, file=sys.stderr, flush=True))
        self._socket = None
        self._last_sent = self._last_seen = self._last_check = time.monotonic()
        self._closing = asyncio.Event()

    async def run(self):
        """Stays connected, reconnecting with backoff, until `close`."""
        delay = 1.0
        while not self._closing.is_set():
            opened, failure = False, ""
            try:
                async with websockets.connect(
                    endpoint(self.url, self._path, self._token), max_size=MAX_MESSAGE, ping_interval=None, open_timeout=10
                ) as socket:
                    opened, delay = True, 1.0
                    await self._serve(socket)
            except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException) as error:
                failure = str(error)
            self._socket = None
            if self._closing.is_set():
                return
            what = f"Lost the connection to {self.url}" if opened else f"Cannot connect to {self.url}" + (f" ({failure})" if failure else "")
            self._status(f"{what}; trying again in {delay:g} s")
            try:
                await asyncio.wait_for(self._closing.wait(), delay)
            except asyncio.TimeoutError:
                pass
            delay = min(delay * 2, 32.0)

    async def send(self, message):
        """Sends a message with the envelope's version; dropped while the link is down."""
        socket = self._socket
        if socket is None:
            return
        try:
            await socket.send(json.dumps({"v": PROTOCOL_VERSION, **message}, separators=(",", ":")))
        except websockets.exceptions.ConnectionClosed:
            return
        self._last_sent = time.monotonic()

    async def close(self):
        self._closing.set()
        await self.drop()

    async def drop(self):
        """Closes this connection; `run` connects again, with backoff (the server is going away)."""
        if self._socket is not None:
            await self._socket.close()

    async def _serve(self, socket):
        self._socket = socket
        self._last_sent = self._last_seen = self._last_check = time.monotonic()
        self._status(f"Connected to {self.url}; Ctrl-C to stop")
        await self.send(self._ready())
        ticker = asyncio.create_task(self._tick(socket))
        try:
            async for raw in socket:
                self._last_seen = time.monotonic()
                try:
                    message = json.loads(raw)
                except ValueError:
                    await self.send({"type": "error", "code": "ALDA_BAD_JSON", "message": "The message is not valid JSON"})
                    continue
                if not isinstance(message, dict):
                    await self.send({"type": "error", "code": "ALDA_BAD_MESSAGE", "message": "Invalid message: expected a JSON object"})
                    continue
                await self._handle(message)
        finally:
            ticker.cancel()

    async def _tick(self, socket):
        """A heartbeat whenever nothing else went for an interval; a server silent for
        `liveness` intervals is given up. A check that itself ran late proves nothing."""
        while True:
            await asyncio.sleep(self.interval)
            now = time.monotonic()
            if now - self._last_check > 2 * self.interval:
                self._last_seen = now
            self._last_check = now
            if now - self._last_seen >= self.interval * self._liveness:
                socket.transport.abort()
                return
            if now - self._last_sent >= self.interval:
                await self.send({"type": "heartbeat"})
