"""The server → performer commands, checked on arrival as the schema in
src/protocol/messages.ts checks them: a command that fails is answered with an `error`
naming the field, and nothing else happens."""

import math
import re

SESSION = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
WITH_ID = {"open", "schedule", "replace", "stop", "panic", "position"}
WITHOUT_ID = {"heartbeat", "shutdown", "welcome"}


class BadCommand(Exception):
    def __init__(self, code, message, command_id):
        super().__init__(message)
        self.code = code
        self.command_id = command_id


def check_command(message):
    """Returns the command as it came, or raises BadCommand."""
    command_id = message.get("id") if isinstance(message.get("id"), str) and message.get("id") else None

    def bad(where, what):
        raise BadCommand("ALDA_BAD_MESSAGE", f"Invalid message at {where}: {what}", command_id)

    if message.get("v") != 1:
        raise BadCommand("ALDA_BAD_VERSION", f"Unsupported protocol version {message.get('v')!r}; this side speaks 1", command_id)
    kind = message.get("type")
    if kind not in WITH_ID | WITHOUT_ID:
        bad("type", f"not a performer command: {kind!r}")
    if kind == "welcome":
        if not (isinstance(message.get("protocol"), int) and _finite(message.get("heartbeat")) and message["heartbeat"] > 0):
            bad("welcome", "expected `protocol` (an integer) and `heartbeat` (ms above 0)")
    if kind in WITHOUT_ID:
        return message
    if command_id is None or len(command_id) > 200:
        bad("id", "expected a string of 1 to 200 characters")
    if kind == "open":
        if not isinstance(message.get("session"), str) or not SESSION.match(message["session"]):
            bad("session", "a session name is 1–64 of A–Z a–z 0–9 . _ -")
        sink = message.get("sink")
        if not isinstance(sink, dict):
            bad("sink", "expected an object")
        for field, limit in (("port", 200), ("record", 4096)):
            if field in sink and not (isinstance(sink[field], str) and 1 <= len(sink[field]) <= limit):
                bad(f"sink.{field}", f"expected a string of 1 to {limit} characters")
        if "lookahead" in message and not (_finite(message["lookahead"]) and 0 <= message["lookahead"] <= 10000):
            bad("lookahead", "expected a number of ms from 0 to 10000")
    elif kind == "schedule":
        _number(message, "start", bad)
        _messages(message, bad)
        if "continues" in message and not isinstance(message["continues"], bool):
            bad("continues", "expected a boolean")
    elif kind == "replace":
        if not (isinstance(message.get("part"), str) and len(message["part"]) <= 64):
            bad("part", "expected a string of at most 64 characters")
        _number(message, "from", bad)
        _messages(message, bad)
    return message


def _finite(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _number(message, field, bad):
    if not _finite(message.get(field)):
        bad(field, "expected a finite number")


def _messages(command, bad):
    messages = command.get("messages")
    if not isinstance(messages, list):
        bad("messages", "expected an array")
    for index, message in enumerate(messages):
        where = f"messages.{index}"
        if not isinstance(message, dict):
            bad(where, "expected an object")
        if not _finite(message.get("t")):
            bad(f"{where}.t", "expected a finite number")
        if not _channel_message(message.get("d")):
            bad(f"{where}.d", "expected one MIDI channel message: [status, data, data], or [status, data] for 0xC0–0xDF, data bytes 0–127")
        if "p" in message and not (isinstance(message["p"], str) and len(message["p"]) <= 64):
            bad(f"{where}.p", "expected a string of at most 64 characters")


def _channel_message(data):
    """[status, data1, data2], or [status, data1] for a program change or channel pressure (0xC0–0xDF)."""
    if not (isinstance(data, list) and all(isinstance(b, int) and not isinstance(b, bool) for b in data)):
        return False
    if len(data) == 2:
        return 0xC0 <= data[0] <= 0xDF and 0 <= data[1] <= 127
    return len(data) == 3 and (0x80 <= data[0] <= 0xBF or 0xE0 <= data[0] <= 0xEF) and all(0 <= b <= 127 for b in data[1:])
