"""The two windows (drawing pad and camera): pure state and event handlers per mode, the
key bindings, drawing the window's picture, and ``app``, the only module that owns a
window."""
