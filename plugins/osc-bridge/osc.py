"""OSC 1.0 encoding (https://opensoundcontrol.stanford.edu/spec-1_0.html): the few types the
bridge sends (int32, string), messages, and bundles with a timetag."""

import struct

# Seconds from the NTP epoch (1900) to the Unix epoch (1970): OSC timetags count from 1900.
NTP_EPOCH_OFFSET = 2208988800


def _string(text):
    data = text.encode("utf-8") + b"\0"
    return data + b"\0" * (-len(data) % 4)


def message(address, *args):
    """An OSC message; each argument an int (int32) or a str."""
    tags = "," + "".join("i" if isinstance(arg, int) else "s" for arg in args)
    body = b"".join(struct.pack(">i", arg) if isinstance(arg, int) else _string(arg) for arg in args)
    return _string(address) + _string(tags) + body


def timetag(unix_seconds):
    """The 64-bit NTP time of a Unix time: seconds since 1900, then the fraction in 1/2^32 s."""
    ntp = unix_seconds + NTP_EPOCH_OFFSET
    seconds = int(ntp)
    return struct.pack(">II", seconds, int((ntp - seconds) * (1 << 32)) & 0xFFFFFFFF)


def bundle(unix_seconds, *messages):
    """A bundle of messages to be acted on at `unix_seconds`."""
    return b"#bundle\0" + timetag(unix_seconds) + b"".join(struct.pack(">i", len(m)) + m for m in messages)
