"""One session's timeline on a performer (docs/protocol.md, "Time"): the performer owns the
clock; the timeline starts, at 0 ms, one lookahead after the session's first batch arrives; a
message at score time t is due at t + shift, where each batch moves the shift on to
max(shift, position + lookahead − start), and a batch that `continues` keeps it."""

import asyncio
import bisect
import itertools
import math
import time

from .sounding import SoundingNotes, note_key, note_kind

WAKE_MS = 5.0


def clock_ms():
    return time.monotonic() * 1000.0


class Timeline:
    def __init__(self, lookahead=10.0, on_idle=None, clock=clock_ms):
        """`on_idle(position)` is called when the queue runs dry and nothing sounds."""
        self._lookahead = lookahead
        self._on_idle = on_idle or (lambda position: None)
        self._clock = clock
        self.sinks = []
        self.session = None
        self._origin = None
        self._shift = -math.inf
        # (due, arrival, data, part), sorted: messages due at one time keep their arrival order.
        self._queue = []
        self._arrivals = itertools.count()
        self.sounding = SoundingNotes()
        self._busy = False
        self._wake = asyncio.Event()

    @property
    def pending(self):
        return len(self._queue)

    def position(self):
        """Ms on the session's timeline (negative before it starts); None before any batch."""
        return None if self._origin is None else self._clock() - self._origin

    def open(self, session, sinks, lookahead=None):
        """Takes on a session (with the server's lookahead, if it gives one): what sounds is
        silenced; the old sinks are handed back to close."""
        self.stop()
        if lookahead is not None:
            self._lookahead = lookahead
        old, self.sinks = self.sinks, sinks
        self.session = session
        self._origin = None
        self._shift = -math.inf
        self.sounding = SoundingNotes()
        return old

    def schedule(self, start, messages, continues=False):
        now = self._clock()
        if self._origin is None:
            self._origin = now + self._lookahead
        if not continues or self._shift == -math.inf:
            self._shift = max(self._shift, now - self._origin + self._lookahead - start)
        self._add([(self._origin + m["t"] + self._shift, m["d"], m.get("p")) for m in messages])
        return self._placement(start, messages)

    def replace(self, part, start, messages):
        """Drops the part's queued messages from score time `start` on and queues these instead;
        its notes sounding at (or starting before) `start` end there; nothing else is cut."""
        if self._origin is None or self._shift == -math.inf:
            return self.schedule(start, messages)
        cut = self._origin + start + self._shift
        now = self._clock()
        open_notes = {}
        for off in self.sounding.note_offs(part):
            open_notes[note_key(off)] = open_notes.get(note_key(off), 0) + 1
        kept = []
        for entry in self._queue:
            due, _, data, owner = entry
            if owner != part:
                kept.append(entry)
                continue
            kind = note_kind(data)
            if due < cut:
                if kind in ("on", "off"):
                    open_notes[note_key(data)] = open_notes.get(note_key(data), 0) + (1 if kind == "on" else -1)
                kept.append(entry)
            elif kind == "off" and open_notes.get(note_key(data), 0) > 0:
                open_notes[note_key(data)] -= 1
                kept.append((max(cut, now), next(self._arrivals), data, owner))
        self._queue = sorted(kept)
        self._add([(self._origin + m["t"] + self._shift, m["d"], m.get("p", part)) for m in messages])
        return self._placement(start, messages)

    def stop(self):
        """Drops the queue and silences exactly what sounds: note-offs, then All Notes Off on
        every channel used. The timeline carries on for the next batch."""
        self._queue = []
        now = self._clock()
        for data in self.sounding.note_offs() + self.sounding.all_notes_off():
            self._emit(data, None, now)
        self._check_idle()

    def panic(self):
        """Stops, then sustain off, All Sound Off and All Notes Off on all 16 channels, tracked or not."""
        self.stop()
        now = self._clock()
        for channel in range(16):
            for controller in (64, 120, 123):
                self._emit([0xB0 | channel, controller, 0], None, now)

    async def run(self):
        """Sends each message at its time: every wake-up sends all that is due (a late one
        catches up at once) and sleeps until the next deadline, never more than 5 ms."""
        while True:
            now = self._clock()
            while self._queue and self._queue[0][0] <= now:
                due, _, data, part = self._queue.pop(0)
                self._emit(data, part, due)
            self._check_idle()
            wait = self._queue[0][0] - self._clock() if self._queue else None
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), None if wait is None else max(0.0, min(wait, WAKE_MS)) / 1000)
            except asyncio.TimeoutError:
                pass

    def _add(self, entries):
        for due, data, part in entries:
            bisect.insort(self._queue, (due, next(self._arrivals), data, part))
        if entries:
            self._busy = True
        self._wake.set()

    def _placement(self, start, messages):
        """Where the batch landed; an empty one lands at its start."""
        times = [m["t"] for m in messages] or [start]
        return {"firstDue": min(times) + self._shift, "lastDue": max(times) + self._shift, "shift": self._shift}

    def _emit(self, data, part, due):
        self.sounding.track(data, part)
        at = self._clock()
        origin = at if self._origin is None else self._origin
        for sink in self.sinks:
            sink.send(data, due - origin, at - origin)

    def _check_idle(self):
        if self._busy and not self._queue and len(self.sounding) == 0:
            self._busy = False
            self._on_idle(self.position() or 0)
