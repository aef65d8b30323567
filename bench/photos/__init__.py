"""Realistic test pictures of handwritten digits on paper, with exact ground truth.

Each picture is handwriting on paper as a camera or a scanner sees it: the page (white,
off-white, a yellow sticky note, ruled or squared notebook paper, with grain) carries rows
of digits and numbers written with a pen (hairline fine-liner, blue or black ballpoint,
grainy pencil, fat marker); a camera adds perspective, uneven light, a soft shadow, the
desk around the page, blur, sensor noise and JPEG; a flatbed scanner adds a dark edge,
show-through print from the back and specks.

The writers are ones no model here trains on: pendigits writers 26-30
(``realtime.training.pendigits.HELD_OUT_WRITERS``, their pen trajectories drawn again), MNIST
*test* digits turned into pen paths, and the stroke templates of ``bench/drawn_digits.py``.

Every digit's box is tight around its ink (pen coverage > 0.3 after every geometric
transform, in picture pixels); a digit the picture's edge would cut is never written,
and a number is written whole or not at all. ``truths`` are in reading order, number by
number: the first ``len(numbers[0])`` truths are the digits of ``numbers[0]``, and so on.

The modules, from the handwriting to the file:

    sources      held-out pendigits writers and MNIST test digits
    hands        who writes: each digit's pen strokes
    pens         pens, their widths, inks and textures
    writing      digits into numbers, numbers along rows, ink on the sheet
    paper        sheets: colour, grain, ruled and squared lines
    perspective  page pixels -> picture pixels
    truth        each digit's true box; which numbers the picture shows whole
    desk         what lies around the page
    camera       light, shadow, blur, noise, JPEG: the photo of a page
    notebooks    kinds: lined, squared, tilted, phone, tiny
    closeups     kinds: closeup, crop, webcam
    scans        kind: scan
    kinds        every kind, and make_picture(kind, seed, sources)
    picture      what a picture is: its truths, numbers and file

``bench/paper_photos.py`` writes a set of them with a ``gt.json``.
"""
