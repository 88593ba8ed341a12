"""Every note-on that went out, until its note-off: what `stop` and a part's `replace` must
silence, and nothing else. It also remembers the channels used, for All Notes Off."""


def note_kind(data):
    """'on', 'off' or None (not a note message); a note-on of velocity 0 is a note-off."""
    kind = data[0] & 0xF0
    if kind == 0x90:
        return "on" if len(data) > 2 and data[2] > 0 else "off"
    return "off" if kind == 0x80 else None


def note_key(data):
    return ((data[0] & 0x0F) << 7) | (data[1] & 0x7F)


class SoundingNotes:
    def __init__(self):
        self._notes = {}
        self.channels = set()

    def track(self, data, part):
        status = data[0]
        if status < 0x80 or status >= 0xF0:
            return
        self.channels.add(status & 0x0F)
        kind = note_kind(data)
        if kind is None or len(data) < 2:
            return
        key = note_key(data)
        if kind == "on":
            count, first_part = self._notes.get(key, (0, part))
            self._notes[key] = (count + 1, first_part)
        elif key in self._notes:
            count, first_part = self._notes[key]
            if count > 1:
                self._notes[key] = (count - 1, first_part)
            else:
                del self._notes[key]

    def __len__(self):
        return len(self._notes)

    def note_offs(self, part=None):
        """One note-off per note-on still open, of every part or of one."""
        return [
            [0x80 | (key >> 7), key & 0x7F, 0]
            for key, (count, owner) in self._notes.items()
            if part is None or owner == part
            for _ in range(count)
        ]

    def all_notes_off(self):
        """CC 123 on every channel used so far: the safety net after the note-offs."""
        return [[0xB0 | channel, 123, 0] for channel in sorted(self.channels)]
