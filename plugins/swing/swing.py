#!/usr/bin/env python3
"""A score transformer for alda-live: a worker of broker service `swing` (docs/protocol.md,
"Transformers") that swings the messages of each evaluation. See README.md."""

import argparse
import asyncio
import math
import os
import signal
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "python-performer")]

from alda_live.address import parse_component_args  # noqa: E402
from alda_live.link import Link  # noqa: E402
from swing_time import swing  # noqa: E402


class BadRequest(Exception):
    pass


def transform(body):
    """{messages, tempo, args: [amount?, unit?]} → {messages}, every `t` swung."""
    messages, tempo, args = body.get("messages"), body.get("tempo", []), body.get("args", [])
    if not isinstance(messages, list) or not all(isinstance(m, dict) and _finite(m.get("t")) for m in messages):
        raise BadRequest("expected `messages`: [{t, d, p}] with t a number of ms")
    if not isinstance(tempo, list) or not all(isinstance(c, dict) and _finite(c.get("offset")) and _finite(c.get("bpm")) for c in tempo):
        raise BadRequest("expected `tempo`: [{offset, bpm}]")
    if not isinstance(args, list) or len(args) > 2:
        raise BadRequest("swing takes [amount, unit]: e.g. 0.6 8")
    amount, unit = (list(args) + [0.6, 8][len(args):])[:2]
    try:
        times = swing([m["t"] for m in messages], tempo, _number(amount), _number(unit))
    except ValueError as error:
        raise BadRequest(str(error)) from error
    return {"messages": [{**m, "t": round(t, 6)} for m, t in zip(messages, times)]}


def _finite(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _number(value):
    """An argument as given: a number, or a string that reads as one (`:transform swing 0.6`)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return int(number) if number.is_integer() else number


def main():
    parser = argparse.ArgumentParser(description="Swing for alda-live: a worker of broker service `swing`.")
    parser.add_argument("--service", default="swing", help="the service name it offers (default swing)")
    args, url, token = parse_component_args(parser, "swing")

    async def handle(message):
        kind = message.get("type")
        if kind == "disconnect":
            await link.drop()
        elif kind == "request" and isinstance(message.get("id"), str):
            try:
                answer = {"type": "final", "id": message["id"], "body": transform(message.get("body") or {})}
            except BadRequest as error:
                answer = {"type": "error", "id": message["id"], "code": "ALDA_BAD_MESSAGE", "message": f"swing: {error}"}
            await link.send(answer)
        # `heartbeat` only says the server lives; a `cancel` finds the work done already (it is synchronous).

    link = Link(url, token, "/worker", ready=lambda: {"type": "ready", "service": args.service, "worker": args.worker, "pid": os.getpid()}, handle=handle)

    async def run():
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, lambda: asyncio.ensure_future(link.close()))
        await link.run()

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
