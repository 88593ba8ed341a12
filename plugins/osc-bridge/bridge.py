#!/usr/bin/env python3
"""An alda-live performer that forwards a session's schedule to an OSC synth as timestamped
OSC bundles. See README.md."""

import argparse
import asyncio
import os
import sys
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "python-performer")]

from alda_live.address import NoServer, server_address  # noqa: E402
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
    parser.add_argument("--url", help="the server's URL (default: ALDA_LIVE_URL, else the state dir's server.json)")
    parser.add_argument("--token-file", help="a file holding the server's token (default: ALDA_LIVE_TOKEN, else server.json)")
    parser.add_argument("--record", help="also record every message to FILE as JSON lines, for sessions that name no recording")
    parser.add_argument("--session", help="serve only this session (it is kept for it when it starts)")
    parser.add_argument("--worker", default=f"osc-bridge-{uuid.uuid4().hex[:8]}", help="the worker id, stable across reconnections")
    args = parser.parse_args()
    try:
        url, token = server_address(args.url, args.token_file)
    except (NoServer, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
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
