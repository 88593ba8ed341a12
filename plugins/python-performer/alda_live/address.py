"""Where the server is and its token, found as every alda-live component finds them:
the command line first (a manifest's `{url}` and `{token_file}`), then `ALDA_LIVE_URL` and
`ALDA_LIVE_TOKEN`, then `server.json` in the state dir (docs/protocol.md, "Connecting")."""

import json
import os
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit


class NoServer(Exception):
    """There is nothing to connect to: the message says what was looked at."""


def state_dir():
    """`$ALDA_LIVE_STATE_DIR`, else `$XDG_STATE_HOME/alda-live`, else `~/.local/state/alda-live`."""
    if os.environ.get("ALDA_LIVE_STATE_DIR"):
        return Path(os.environ["ALDA_LIVE_STATE_DIR"])
    if os.environ.get("XDG_STATE_HOME"):
        return Path(os.environ["XDG_STATE_HOME"]) / "alda-live"
    return Path.home() / ".local" / "state" / "alda-live"


def server_address(url=None, token_file=None):
    """(url, token) of the server to join."""
    state = _read_state()
    url = url or os.environ.get("ALDA_LIVE_URL") or state.get("url")
    if token_file:
        token = Path(token_file).read_text(encoding="utf-8").strip()
    else:
        token = os.environ.get("ALDA_LIVE_TOKEN") or state.get("token")
    if not url or not token:
        raise NoServer(
            f"No server to connect to: none in {state_dir() / 'server.json'}, and no --url/--token-file "
            "or ALDA_LIVE_URL/ALDA_LIVE_TOKEN; start one with `alda-live server`"
        )
    return url, token


def endpoint(url, path, token):
    """The WebSocket URL of a role's path, with the token as `?token=` (no header needed)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, "token=" + quote(token, safe=""), ""))


def _read_state():
    try:
        state = json.loads((state_dir() / "server.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def parse_component_args(parser, worker_prefix):
    """Adds the options every component takes (--url, --token-file, --worker) to its parser,
    reads the command line and finds the server: (args, url, token). With no server to be
    found it exits 1 with one `error:` line."""
    parser.add_argument("--url", help="the server's URL (default: ALDA_LIVE_URL, else the state dir's server.json)")
    parser.add_argument("--token-file", help="a file holding the server's token (default: ALDA_LIVE_TOKEN, else server.json)")
    parser.add_argument("--worker", default=f"{worker_prefix}-{uuid.uuid4().hex[:8]}", help="the worker id, stable across reconnections")
    args = parser.parse_args()
    try:
        url, token = server_address(args.url, args.token_file)
    except (NoServer, OSError) as error:
        parser.exit(1, f"error: {error}\n")
    return args, url, token
