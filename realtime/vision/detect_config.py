"""The detector's tunable limits: digit sizes and fills, what counts as a line or a page's
rim, how touching digits are cut (sizes in pixels of the working picture)."""

from __future__ import annotations

from dataclasses import dataclass, field

from realtime.vision.lines import LineConfig
from realtime.vision.paper_config import PaperConfig


@dataclass(frozen=True)
class DetectConfig:
    """Tunable limits of the detector (sizes in pixels of the working picture)."""

    paper: PaperConfig = field(default_factory=PaperConfig)
    lines: LineConfig = field(default_factory=LineConfig)
    min_height: float = 9.0  #: shortest digit kept (the ink of a 10 px digit)
    max_height_share: float = 0.97  #: tallest digit kept, as a share of the picture's height
    max_width_over_height: float = 1.6  #: wider blobs are not read as one digit
    min_split_ratio: float = 1.1  #: blobs at least this wide may be several touching digits
    max_pieces: int = 4  #: a blob is cut into at most this many digits
    min_split_height: float = 1.2  #: blobs under this many times min_height are never cut
    cut_reach: float = 0.35  #: a cut is sought this share of a piece's width from even spacing
    min_fill: float = 0.005  #: ink share of a digit's box, at least (a hairline 4 fills 1%) ...
    max_fill: float = 0.8  #: ... and at most, unless it is narrow:
    narrow_width_over_height: float = 0.45  #: narrower than this is a 1, however full
    line_aspect: float = 8.0  #: a part this many times longer than thick is a line ...
    line_length: float = 0.3  #: ... when flat and longer than this share of the short side,
    sliver_aspect: float = 12.0  #: on ruled paper, a flat mark this much longer than thick too
    fragment_ratio: float = 2.5  #: a mark this many times shorter than a digit beside it ...
    fragment_reach: float = 0.5  #: ... and closer to it than this share of its own height
    line_over_digits: float = 2.5  #: or upright, this many times the digits' median height
    upright_line_share: float = 0.5  #: and this share of the picture's height
    min_piece_ratio: float = 0.45  #: a digit cut from a blob is at least this wide (of h) ...
    max_piece_ratio: float = 1.2  #: ... and at most this wide
    surround: float = 0.3  #: the paper around a digit is checked this share of its size out
    max_texture: float = 0.1  #: at most this share of it may be a third as dark as the digit
    margin: int = 3  #: pixels of ink around a digit's box kept for its crop
    #: a thin mark (this much longer than wide) with paper on one side and, across it,
    #: something this share as bright or darker is the rim of a page or a note, not a 1
    #: (a short piece of a rim the page's mask let through is as little as 2.5 times
    #: longer than wide)
    edge_thinness: float = 2.5
    edge_step: float = 0.6
    #: a picture with more ink than this is noise: nothing is read (sensor noise marks
    #: 75-85% of a picture; a fat digit on a tight crop up to about half)
    max_ink_share: float = 0.55


DEFAULT_DETECT = DetectConfig()
