#!/usr/bin/env python3
"""An alda-live performer that forwards a session's schedule to an OSC synth as timestamped
OSC bundles. See README.md."""

import argparse
import asyncio
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "python-performer")]

from alda_live.address import parse_component_args  # noqa: E402
from alda_live.performer import PerformerWorker  # noqa: E402
from alda_live.sinks import open_sinks  # noqa: E402
from osc_sink import OscSink  # noqa: E402


def target(text):
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host.strip("[]"), int(port)


def main():
    parser = argparse.ArgumentParser(description="Forwards alda-live sessions to an OSC synth.")
    parser.add_argument("--osc", type=target, default=("127.0.0.1", 57120), help="where the synth listens (default 127.0.0.1:57120, sclang)")
    parser.add_argument("--latency", type=float, default=100.0, help="ms between a message's due time and its bundle's timetag (default 100)")
    parser.add_argument("--record", help="also record every message to FILE as JSON lines, for sessions that name no recording")
    parser.add_argument("--session", help="serve only this session (it is kept for it when it starts)")
    args, url, token = parse_component_args(parser, "osc-bridge")
    host, port = args.osc
    record = args.record or os.environ.get("ALDA_LIVE_RECORD") or None

    def sinks_for(sink):
        sinks = [OscSink(host, port, args.latency), *open_sinks(record=sink.get("record") or record)]
        notices = [f'The OSC bridge plays to OSC {host}:{port}, not to the MIDI port "{sink["port"]}"'] if sink.get("port") else []
        return sinks, notices

    asyncio.run(PerformerWorker(url, token, args.worker, sinks_for, ["osc", "record"], only_session=args.session).run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
