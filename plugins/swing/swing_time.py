"""Swing as a warp of score time. Beats are counted on the score's tempo map (quarter notes);
each pair of `unit` notes (eighths by default: one beat) is a span whose first half is stretched
to `amount` of it and whose second half is squeezed into the rest. So an offbeat eighth moves
from 0.5 to `amount` of its beat (0.6: a light swing, 2/3: triplet swing), a downbeat never
moves, and the warp is continuous and increasing: a note-off never comes before its note-on,
and a note that spans a pair keeps its place against the beat."""

import math

DEFAULT_BPM = 120.0


def _segments(tempo):
    """[(offset ms, bpm, beats at offset)] from the tempo map, from 0 ms on."""
    changes = sorted((float(c["offset"]), float(c["bpm"])) for c in tempo if c["bpm"] > 0)
    if not changes or changes[0][0] > 0:
        changes.insert(0, (0.0, changes[0][1] if changes else DEFAULT_BPM))
    segments, beats = [], 0.0
    for index, (offset, bpm) in enumerate(changes):
        if index > 0:
            previous_offset, previous_bpm, previous_beats = segments[-1]
            beats = previous_beats + (offset - previous_offset) * previous_bpm / 60000
        segments.append((offset, bpm, beats))
    return segments


def _beats_at(ms, segments):
    offset, bpm, beats = next(s for s in reversed(segments) if s[0] <= ms) if ms >= 0 else segments[0]
    return beats + (ms - offset) * bpm / 60000


def _ms_at(beats, segments):
    offset, bpm, at = next(s for s in reversed(segments) if s[2] <= beats) if beats >= 0 else segments[0]
    return offset + (beats - at) * 60000 / bpm


def swing(times, tempo, amount=0.6, unit=8):
    """The swung times of `times` (score ms)."""
    if not (isinstance(amount, (int, float)) and 0 < amount < 1):
        raise ValueError(f"the swing amount is a number between 0 and 1 (0.5: straight, 0.67: triplets), got {amount!r}")
    if unit not in (2, 4, 8, 16, 32, 64):
        raise ValueError(f"the swing unit is a note length, 2 to 64 (8: eighths), got {unit!r}")
    segments = _segments(tempo)
    span = 8 / unit  # beats in a pair of swung notes

    def warp(ms):
        beats = _beats_at(ms, segments)
        pair = math.floor(beats / span + 1e-9)
        within = min(max(beats / span - pair, 0.0), 1.0)
        swung = within * amount / 0.5 if within < 0.5 else amount + (within - 0.5) * (1 - amount) / 0.5
        return _ms_at((pair + swung) * span, segments)

    return [warp(t) for t in times]
