"""Checking input images and turning them into ink images."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from realtime.vision.images import (
    check_image,
    ink_is_dark,
    page_on_backing,
    sample_histogram,
    to_gray,
    to_ink,
)
from realtime.vision.picture import prepare_picture


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (np.zeros((0, 0), np.uint8), "at least"),
        (np.zeros((1, 1), np.uint8), "at least"),
        (np.zeros((50, 50), np.float32), "uint8"),
        (np.zeros((50, 50), np.int32), "uint8"),
        (np.zeros((50, 50, 2), np.uint8), "gray, BGR or BGRA"),
        (np.zeros((50, 50, 3, 1), np.uint8), "gray, BGR or BGRA"),
        (np.zeros((10000, 10000), np.uint8), "over the limit"),
        ([[0, 1], [2, 3]], "numpy"),
    ],
    ids=["empty", "1x1", "float", "int32", "2-channel", "4-d", "10000x10000", "list"],
)
def test_check_image_refuses_bad_images_with_one_line(image, message):
    with pytest.raises(ValueError, match=message) as raised:
        check_image(image)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("shape", [(20, 30), (20, 30, 1), (20, 30, 3), (20, 30, 4)])
def test_check_image_accepts_gray_bgr_bgra(shape):
    image = np.zeros(shape, np.uint8)
    assert check_image(image) is image
    assert to_gray(image).shape == (20, 30)


def test_16_bit_images_are_scaled_to_8_bits():
    image = np.zeros((20, 30), np.uint16)
    image[5:15, 10:12] = 65535
    gray = to_gray(check_image(image))
    assert gray.dtype == np.uint8 and gray.max() == 255 and gray.min() == 0
    twelve_bit = (image // 16).astype(np.uint16)  # a 12-bit scan uses its whole range too
    np.testing.assert_array_equal(to_gray(twelve_bit), gray)


def test_transparent_png_ink_stays_visible():
    # given dark ink on a fully transparent background whose colour is also black
    image = np.zeros((40, 40, 4), np.uint8)
    image[10:30, 18:22, 3] = 255
    # when converted to gray, the transparent part becomes a contrasting background
    gray = to_gray(image)
    assert gray[0, 0] == 255 and gray[20, 20] == 0


@pytest.mark.parametrize("dark", [True, False])
def test_ink_polarity_is_detected_and_normalised(dark):
    ink = np.zeros((60, 60), np.uint8)
    ink[10:50, 28:33] = 255
    image = 255 - ink if dark else ink
    assert ink_is_dark(image) is dark
    np.testing.assert_array_equal(to_ink(image, "auto"), ink)
    np.testing.assert_array_equal(to_ink(image, "dark" if dark else "light"), ink)


def test_to_ink_refuses_unknown_ink():
    with pytest.raises(ValueError, match="ink must be one of"):
        to_ink(np.zeros((20, 20), np.uint8), "purple")


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_a_jpeg_is_read_upright_with_the_pixels_pillow_gives(tmp_path, orientation, mode):
    # complete JPEGs are decoded by OpenCV (faster) and turned by their EXIF orientation
    # here: the same pixels, the same way up, as Pillow's decoder and exif_transpose
    from PIL import Image, ImageOps

    from realtime.vision.imagefile import EXIF_ORIENTATION, load_image

    rng = np.random.default_rng(orientation)
    pixels = cv2.GaussianBlur(rng.integers(0, 256, (60, 90, 3), np.uint8), (0, 0), 2)
    pixels[5:20, 5:40] = (20, 40, 200)  # a corner that shows which way is up
    picture = Image.fromarray(pixels).convert(mode)
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    path = tmp_path / "photo.jpg"
    picture.save(path, quality=90, exif=exif)
    with Image.open(path) as opened:
        upright = np.asarray(ImageOps.exif_transpose(opened))
    expected = upright if mode == "L" else cv2.cvtColor(upright, cv2.COLOR_RGB2BGR)
    assert np.array_equal(load_image(path), expected)


def test_a_jpeg_cut_short_is_still_refused(tmp_path):
    from realtime.vision.imagefile import load_image

    path = tmp_path / "cut.jpg"
    ok, encoded = cv2.imencode(".jpg", np.full((80, 120, 3), 200, np.uint8))
    path.write_bytes(encoded.tobytes()[: len(encoded) * 2 // 3])
    with pytest.raises(ValueError, match="cannot decode"):
        load_image(path)


@pytest.mark.parametrize("ink", ["light", "dark"])
def test_a_prepared_picture_carries_the_levels_of_its_own_gray(ink):
    # counted once for the cleanness and the clean ink's contrast; a pad (light ink) is
    # flipped to dark ink, and its levels with it
    pad = np.zeros((280, 280), np.uint8)
    cv2.line(pad, (60, 40), (200, 240), 255, 18)
    cv2.circle(pad, (140, 140), 40, 180, 6)
    picture = prepare_picture(pad if ink == "light" else 255 - pad, ink)
    np.testing.assert_array_equal(picture.histogram, sample_histogram(picture.gray))
    assert picture.paper_level == 255 and picture.histogram[255] > picture.histogram[0]


def test_a_page_on_a_flat_black_lid_is_a_scan_and_light_strokes_are_a_pad():
    scan = np.zeros((400, 300), np.uint8)
    scan[40:200, 30:160] = 225  # a note on the black lid of a scanner ...
    cv2.putText(scan, "47", (50, 140), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 40, 3)  # ... written on
    assert page_on_backing(scan)
    assert not prepare_picture(scan).clean  # read as a scan, the note's ink dark
    blank = np.zeros((400, 300), np.uint8)
    blank[40:200, 30:160] = 225
    assert not page_on_backing(blank)  # no writing on it: a filled shape
    pad = np.zeros((400, 300), np.uint8)
    cv2.putText(pad, "47", (40, 260), cv2.FONT_HERSHEY_SIMPLEX, 5, 255, 25)
    assert not page_on_backing(pad)
    zero = np.zeros((400, 300), np.uint8)
    cv2.ellipse(zero, (150, 200), (100, 150), 0, 0, 360, 255, 60)  # a fat 0: its hole is big
    assert not page_on_backing(zero)
    assert prepare_picture(pad).clean and prepare_picture(zero).clean
