"""Where a performer's MIDI goes: a recording of JSON lines (as alda-live's `--record`), or a
MIDI output through mido (python-rtmidi). A sink has a `name`, `send(data, due, at)` with times
in ms on the session's timeline, and `close()`."""

from pathlib import Path


class SinkError(Exception):
    """A sink that cannot be opened: answered to `open` with its code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class Recorder:
    """Appends `{"at": ms, "due": ms, "data": [...]}` per message: `at` when it went, `due` when it
    should have. Each line is flushed as written, so a reader sees every message that went."""

    def __init__(self, path):
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._file = open(path, "a", encoding="utf-8")
        except OSError as error:
            raise SinkError("ALDA_CANNOT_WRITE", f"Cannot record to {path}: {error.strerror}") from error
        self.name = f"record:{path}"

    def send(self, data, due, at):
        self._file.write(f'{{"at":{round(at, 3)},"due":{round(due, 3)},"data":[{",".join(map(str, data))}]}}\n')
        self._file.flush()

    def close(self):
        self._file.close()


class MidiPort:
    """A MIDI output, matched by exact name, else by case-insensitive substring (as alda-live's
    `--port`). Needs mido with the python-rtmidi backend (Debian: python3-mido python3-rtmidi)."""

    def __init__(self, wanted):
        try:
            import mido
        except ImportError as error:
            raise SinkError("ALDA_NO_SUCH_PORT", "Playing to a MIDI port needs mido and python-rtmidi (apt-get install python3-mido python3-rtmidi)") from error
        self._mido = mido
        try:
            names = mido.get_output_names()
        except Exception as error:  # the backend's own errors: no ALSA sequencer, no rtmidi…
            raise SinkError("ALDA_NO_SUCH_PORT", f'Cannot list the MIDI outputs to find "{wanted}": {error}') from error
        matches = [n for n in names if n == wanted] or [n for n in names if wanted.lower() in n.lower()]
        if not matches:
            raise SinkError("ALDA_NO_SUCH_PORT", f'No MIDI output named "{wanted}" (outputs: {", ".join(names) or "none"})')
        try:
            self._port = mido.open_output(matches[0])
        except Exception as error:
            raise SinkError("ALDA_NO_SUCH_PORT", f'Cannot open the MIDI output "{matches[0]}": {error}') from error
        self.name = f"midi:{matches[0]}"

    def send(self, data, due, at):
        self._port.send(self._mido.Message.from_bytes(data))

    def close(self):
        self._port.close()


def open_sinks(port=None, record=None):
    """The sinks an `open` asks for; a port that fails closes what was already opened."""
    sinks = []
    try:
        if record:
            sinks.append(Recorder(record))
        if port:
            sinks.append(MidiPort(port))
    except SinkError:
        for sink in sinks:
            sink.close()
        raise
    return sinks
