"""Frames in, tracked readings out: the sources (camera, video, images, demo) behind one
interface, the ``CameraPipeline`` every mode uses, tracking across frames, and
``--headless``."""
