"""A worker of service `performer` (docs/protocol.md, "Performers"): it answers the server's
commands on a Timeline and plays to whatever sinks `open_sinks` gives it."""

import asyncio
import os
import signal

from .commands import BadCommand, check_command
from .link import Link
from .sinks import SinkError
from .timeline import Timeline


class PerformerWorker:
    def __init__(self, url, token, worker_id, open_sinks, offers, lookahead=10.0, only_session=None, status=None):
        """`open_sinks(sink)` gets the `sink` of an `open` and returns (sinks, notices), or
        raises SinkError; `offers` are the sinks it says it has (`port`, `record`, `osc`…);
        `only_session`, when given, is the one session it serves."""
        self._worker_id = worker_id
        self._open_sinks = open_sinks
        self._offers = offers
        self._only_session = only_session
        self.timeline = Timeline(lookahead, on_idle=self._idle)
        self.link = Link(url, token, "/performer", ready=self._ready, handle=self._handle, status=status)
        self._tasks = set()

    async def run(self):
        """Plays and stays connected until `shutdown` (or SIGINT/SIGTERM)."""
        _raise_priority()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, lambda: self._spawn(self.shutdown()))
        player = asyncio.create_task(self.timeline.run())
        try:
            await self.link.run()
        finally:
            player.cancel()

    async def shutdown(self):
        """Silences what sounds, closes the sinks, leaves."""
        self.timeline.stop()
        for sink in self.timeline.open(None, []):
            sink.close()
        await self.link.close()

    def _ready(self):
        ready = {
            "type": "ready",
            "service": "performer",
            "worker": self._worker_id,
            "pid": os.getpid(),
            "session": self.timeline.session,
            "protocol": [1],
            "offers": {"sinks": self._offers, "clocks": ["internal"]},
        }
        return {**ready, "for": self._only_session} if self._only_session else ready

    def _idle(self, position):
        self._spawn(self.link.send({"type": "idle", "session": self.timeline.session, "position": position}))

    def _spawn(self, coroutine):
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, message):
        try:
            command = check_command(message)
        except BadCommand as bad:
            await self.link.send({"type": "error", **({"id": bad.command_id} if bad.command_id else {}), "code": bad.code, "message": str(bad)})
            return
        kind = command["type"]
        if kind == "welcome":
            self.link.interval = command["heartbeat"] / 1000
            return
        if kind == "heartbeat":
            return
        if kind == "shutdown":
            await self.shutdown()
            return
        try:
            result = self._answer(command)
        except SinkError as error:
            await self.link.send({"type": "error", "id": command["id"], "code": error.code, "message": str(error)})
            return
        await self.link.send({"type": "reply", "id": command["id"], "result": result})

    def _answer(self, command):
        timeline = self.timeline
        kind = command["type"]
        if kind == "open":
            sinks, notices = self._open_sinks(command["sink"])
            for sink in timeline.open(command["session"], sinks, command.get("lookahead")):
                sink.close()
            return {"session": command["session"], "sinks": [sink.name for sink in sinks], "notices": notices}
        if kind == "schedule":
            placement = timeline.schedule(command["start"], command["messages"], command.get("continues", False))
            return {**placement, "position": timeline.position()}
        if kind == "replace":
            placement = timeline.replace(command["part"], command["from"], command["messages"])
            return {**placement, "position": timeline.position()}
        if kind == "stop":
            timeline.stop()
        elif kind == "panic":
            timeline.panic()
        elif kind == "position":
            return {"position": timeline.position(), "pending": timeline.pending, "sounding": len(timeline.sounding)}
        return {"position": timeline.position()}


def _raise_priority():
    """Asks the OS to run us ahead of ordinary processes (nice −14), as audio software and
    alda-live's own performer do: on a busy machine a performer that waits for a CPU plays late.
    Where that is not allowed, it plays at normal priority."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, -14)
    except OSError:
        pass
