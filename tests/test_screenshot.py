"""The README's animation of the pad (bench/screenshot.py): made from the real window."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageSequence

from bench.screenshot import LAST_MS, PAD, make_pad_gif, write_gif


def gif_frames(path) -> tuple[list[np.ndarray], list[int], dict]:
    """The frames of a GIF as RGB arrays, their durations, and the file's info."""
    with Image.open(path) as gif:
        info = dict(gif.info)
        frames, durations = [], []
        for frame in ImageSequence.Iterator(gif):
            frames.append(np.asarray(frame.convert("RGB")))
            durations.append(frame.info["duration"])
    return frames, durations, info


def test_frames_share_a_palette_loop_and_keep_their_durations(tmp_path):
    # given three frames: black, then a white square, then a bigger one
    pictures = []
    for side in (0, 20, 40):
        picture = np.zeros((60, 80, 3), np.uint8)
        picture[10 : 10 + side, 10 : 10 + side] = 255
        pictures.append(Image.fromarray(picture))
    # when
    write_gif(pictures, [300, 300, 2000], tmp_path / "a.gif")
    # then
    frames, durations, info = gif_frames(tmp_path / "a.gif")
    assert info["loop"] == 0 and durations == [300, 300, 2000]
    assert all(np.array_equal(f, np.asarray(p)) for f, p in zip(frames, pictures, strict=True))


@pytest.mark.gui
def test_the_animation_shows_the_number_being_written(screen, tmp_path):
    path = make_pad_gif(screen, tmp_path / "pad.gif")
    frames, durations, info = gif_frames(path)
    assert 10 <= len(frames) <= 25 and info["loop"] == 0
    assert durations[-1] == LAST_MS and max(durations[:-1]) < LAST_MS
    assert path.stat().st_size < 1_500_000
    first_ink, last_ink = ((frame[:, :PAD].min(axis=2) > 200).mean() for frame in
                           (frames[0], frames[-1]))
    assert first_ink == 0 and last_ink > 0.05  # the empty pad, then the digits drawn on it
