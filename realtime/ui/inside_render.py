"""Drawing what the CNN sees and computes (pure): the 28x28 input with visible pixels, the
feature maps of a layer as a grid of small grey tiles, the top classes, and a card of it
all to save for slides."""

from __future__ import annotations

import math

import cv2
import numpy as np

from realtime.config import DIGIT_SIZE
from realtime.model.inside import Insides
from realtime.ui.text import DIM, PANEL, SELECTED, SURE, TEXT, put_text, wrap_text

TILE_GAP = 2
GRID_BORDER = (90, 90, 90)
#: The saved view: a 16:9 card for slides.
CARD_SIZE = (1280, 720)


def input_tile(digit: np.ndarray, side: int) -> np.ndarray:
    """The 28x28 input enlarged by the largest whole factor that fits ``side`` (at least
    1), each pixel a visible square (nearest neighbour), as BGR."""
    factor = max(1, side // DIGIT_SIZE)
    big = np.repeat(np.repeat(digit, factor, axis=0), factor, axis=1)
    return cv2.cvtColor(big, cv2.COLOR_GRAY2BGR)


def grid_layout(count: int, width: int, height: int, gap: int = TILE_GAP,
                ) -> tuple[int, int, int]:
    """The largest square tile side (px) and the columns and rows that fit ``count`` tiles
    in ``width`` x ``height`` with ``gap`` between them; the side is at least 1 even when
    nothing bigger fits."""
    for side in range(min(width, height), 0, -1):
        cols = max(1, min(count, (width + gap) // (side + gap)))
        rows = math.ceil(count / cols)
        if rows * (side + gap) - gap <= height and cols * (side + gap) - gap <= width:
            return side, cols, rows
    cols = max(1, min(count, (width + gap) // (1 + gap)))
    return 1, cols, math.ceil(count / cols)


def map_tiles(maps: np.ndarray, width: int, height: int) -> np.ndarray:
    """A layer's feature maps (H, W, channels) as grey tiles in a grid of ``width`` x
    ``height`` (BGR). All maps share one scale, the layer's strongest activation, so a
    bright tile is a map that fires strongly on this digit."""
    count = maps.shape[2]
    side, cols, _ = grid_layout(count, width, height)
    canvas = np.full((height, width, 3), PANEL, np.uint8)
    peak = float(maps.max())
    levels = np.clip(maps / peak * 255 if peak > 0 else maps * 0, 0, 255).astype(np.uint8)
    for k in range(count):
        row, col = divmod(k, cols)
        x, y = col * (side + TILE_GAP), row * (side + TILE_GAP)
        tile = cv2.resize(levels[:, :, k], (side, side), interpolation=cv2.INTER_NEAREST)
        canvas[y : y + side, x : x + side] = tile[..., None]
    return canvas


def _layer_title(index: int, maps: np.ndarray) -> str:
    height, width, count = maps.shape
    return f"conv block {index + 1}: {count} maps, {height}x{width}"


def draw_top(image: np.ndarray, insides: Insides, origin: tuple[int, int], scale: float,
             count: int = 3) -> int:
    """Lists the likeliest classes with their probabilities, one a line, from ``origin``
    down; returns the height taken."""
    x, y = origin
    step = round(22 * scale)
    for rank, (k, p) in enumerate(insides.top(count)):
        put_text(image, f"{k}  {p:6.1%}", (x, y + rank * step), 0.55 * scale,
                 SURE if rank == 0 else TEXT)
    return step * count


def render_inside(insides: Insides | str | None, width: int, height: int, scale: float,
                  *, digit: np.ndarray | None = None, with_input: bool = True) -> np.ndarray:
    """The panel's network view (BGR, ``width`` x ``height``): the 28x28 input (the
    insides' own, else ``digit``) with the top three classes beside it (unless
    ``with_input`` is false), then each block's feature maps under a title. A string is
    shown as a message (a model without activation outputs); None asks for a digit to be
    selected."""
    view = np.full((height, width, 3), PANEL, np.uint8)
    margin = round(14 * scale)
    y = margin + round(4 * scale)
    put_text(view, "INSIDE THE NETWORK (v hides)", (margin, y), 0.5 * scale, SELECTED)
    y += round(10 * scale)
    digit = insides.digit if isinstance(insides, Insides) else digit
    left = margin
    if with_input and digit is not None:
        tile = input_tile(digit, round(84 * scale))
        view[y : y + tile.shape[0], margin : margin + tile.shape[1]] = tile
        left += tile.shape[1] + round(14 * scale)
        if isinstance(insides, Insides):
            put_text(view, "top 3", (left, y + round(12 * scale)), 0.45 * scale, DIM)
            draw_top(view, insides, (left, y + round(34 * scale)), scale)
            y += tile.shape[0]
    if not isinstance(insides, Insides):
        text = insides or "Tab: select a digit to look inside the network"
        wrap_text(view, text, (left, height - margin), width - left - margin, 0.45 * scale,
                  DIM)
        return view
    line = round(20 * scale)
    room = height - y - len(insides.maps) * (line + round(6 * scale)) - round(6 * scale)
    for index, maps in enumerate(insides.maps):
        y += line
        put_text(view, _layer_title(index, maps), (margin, y), 0.42 * scale, TEXT)
        y += round(6 * scale)
        grid_height = max(1, room // len(insides.maps))
        grid = map_tiles(maps, width - 2 * margin, grid_height)
        view[y : y + grid_height, margin : width - margin] = grid
        y += grid_height
    return view


def render_card(insides: Insides, model_name: str, size: tuple[int, int] = CARD_SIZE,
                ) -> np.ndarray:
    """The view to save for slides: the input the model read, each block's feature maps
    and the top classes, with the model's name (BGR, ``size``)."""
    width, height = size
    scale = height / 420
    card = np.full((height, width, 3), PANEL, np.uint8)
    margin = round(20 * scale)
    put_text(card, f"What {model_name} sees", (margin, margin + round(14 * scale)),
             0.7 * scale, SELECTED, 2)
    top = margin + round(40 * scale)
    side = min(width // 3, height - top - margin - round(80 * scale))
    tile = input_tile(insides.digit, side)
    put_text(card, f"input {DIGIT_SIZE}x{DIGIT_SIZE}", (margin, top - round(6 * scale)),
             0.5 * scale, TEXT)
    card[top : top + tile.shape[0], margin : margin + tile.shape[1]] = tile
    cv2.rectangle(card, (margin - 1, top - 1), (margin + tile.shape[1], top + tile.shape[0]),
                  GRID_BORDER, 1)
    draw_top(card, insides, (margin, top + tile.shape[0] + round(30 * scale)), scale)
    left = margin * 2 + tile.shape[1]
    view = render_inside(insides, width - left, height - top + round(24 * scale), scale,
                         with_input=False)
    view[: round(30 * scale)] = PANEL  # the card has its own title, not the panel's
    card[top - round(24 * scale) :, left:] = view
    return card
