"""The bridge's sink: each MIDI message becomes an OSC message in a bundle timestamped with
the moment it is due plus the latency, sent over UDP as soon as the timeline releases it. The
synth plays it at that moment, however late Python was in sending it (within the latency)."""

import socket
import time

import osc


def osc_messages(data):
    """The OSC messages for one MIDI channel message (the mapping in README.md)."""
    status = data[0]
    kind, channel = status & 0xF0, status & 0x0F
    if kind == 0x90 and len(data) == 3 and data[2] > 0:
        return [osc.message("/alda/note_on", channel, data[1], data[2])]
    if kind in (0x80, 0x90) and len(data) >= 2:
        return [osc.message("/alda/note_off", channel, data[1])]
    if kind == 0xB0 and len(data) == 3:
        return [osc.message("/alda/cc", channel, data[1], data[2])]
    if kind == 0xC0 and len(data) >= 2:
        return [osc.message("/alda/program", channel, data[1])]
    if kind == 0xE0 and len(data) == 3:
        return [osc.message("/alda/bend", channel, (data[2] << 7 | data[1]) - 8192)]
    return [osc.message("/alda/midi", *data)]


class OscSink:
    def __init__(self, host, port, latency):
        """`latency` in ms: how long after its due time the synth is asked to play a message."""
        self.name = f"osc:{host}:{port}"
        self._target = (host, port)
        self._latency = latency / 1000
        self._socket = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)

    def send(self, data, due, at):
        # Wall time of `due`: now, less how late the timeline released the message.
        when = time.time() - (at - due) / 1000 + self._latency
        self._socket.sendto(osc.bundle(when, *osc_messages(data)), self._target)

    def close(self):
        self._socket.close()
