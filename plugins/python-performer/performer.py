#!/usr/bin/env python3
"""alda-live's performer protocol in Python: plays a session to a MIDI port and/or records it
as JSON lines. See README.md."""

import argparse
import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from alda_live.address import parse_component_args  # noqa: E402
from alda_live.performer import PerformerWorker  # noqa: E402
from alda_live.sinks import SinkError, open_sinks  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description="A performer for alda-live, in Python.")
    parser.add_argument("--port", help="a MIDI output to play to, for sessions that name none (needs mido and python-rtmidi)")
    parser.add_argument("--record", help="append every message sent to FILE as JSON lines, for sessions that name no recording")
    parser.add_argument("--lookahead", type=float, default=10.0, help="ms between a batch's arrival and its first note (default 10)")
    parser.add_argument("--session", help="serve only this session (it is kept for it when it starts)")
    args, url, token = parse_component_args(parser, "python-performer")
    record = args.record or os.environ.get("ALDA_LIVE_RECORD") or None
    if args.port:
        # A port that is not there is refused now, not when the first session opens it.
        try:
            for sink in open_sinks(port=args.port):
                sink.close()
        except SinkError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2

    def sinks_for(sink):
        sinks = open_sinks(port=sink.get("port") or args.port, record=sink.get("record") or record)
        notices = [] if sinks else ["This performer plays to a MIDI port (--port) or a recording (--record), and this session has neither: nothing is heard"]
        return sinks, notices

    offers = ["port", "record"] if args.port else ["record"]
    asyncio.run(PerformerWorker(url, token, args.worker, sinks_for, offers, lookahead=args.lookahead, only_session=args.session).run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
