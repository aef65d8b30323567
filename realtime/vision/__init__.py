"""Pictures to 28x28 digits: checking images, the paper and its lines, finding the digits,
normalising each the way MNIST did, grouping them into rows and numbers.

``reader.read_picture`` is the one place where these stages are chained. Pure: arrays in,
arrays or frozen dataclasses out; no window, no model file, no TensorFlow.
"""
