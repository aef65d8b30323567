"""The one OpenCV window: the only module that calls cv2.imshow, cv2.waitKey and sets the
mouse callback."""

from __future__ import annotations

import time

import cv2
import numpy as np

WINDOW_TITLE = "realtime digits"
#: For this long after opening, every key wait shows the last picture again: a window
#: system that maps the window after the first picture was shown leaves it black
#: until the next one (the pad shows a new picture only when something changes).
SETTLE_SECONDS = 1.5


class Window:
    """Shows images, collects mouse events, reads keys."""

    def __init__(self, title: str = WINDOW_TITLE) -> None:
        self.title = title
        self.mouse_events: list[tuple[int, int, int, int]] = []
        self._was_visible = False
        flags = cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL
        cv2.namedWindow(title, flags)
        cv2.setMouseCallback(title, self._on_mouse)
        self._size: tuple[int, int] | None = None
        self._last: np.ndarray | None = None
        self._settle_until = time.monotonic() + SETTLE_SECONDS

    def _on_mouse(self, event: int, x: int, y: int, flags: int, param: object) -> None:
        self.mouse_events.append((event, x, y, flags))

    def show(self, image: np.ndarray) -> None:
        """Shows an image; the window takes its size when the size changes."""
        size = (image.shape[1], image.shape[0])
        if size != self._size:
            cv2.resizeWindow(self.title, *size)
            self._size = size
        self._last = image
        cv2.imshow(self.title, image)

    @property
    def size(self) -> tuple[int, int] | None:
        """(width, height) of the picture shown last, which the window takes; None before
        the first."""
        return self._size

    def wait_key(self, milliseconds: int) -> int:
        """The key pressed within ``milliseconds`` (low byte), or -1."""
        if self._last is not None and time.monotonic() < self._settle_until:
            cv2.imshow(self.title, self._last)
        key = cv2.waitKey(max(1, milliseconds))
        return -1 if key == -1 else key & 0xFF

    def closed(self) -> bool:
        """True once the user has closed the window (not while it is still being mapped)."""
        try:
            visible = cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) >= 1
        except cv2.error:
            visible = False
        self._was_visible = self._was_visible or visible
        return self._was_visible and not visible

    def close(self) -> None:
        cv2.destroyAllWindows()
        cv2.waitKey(1)
