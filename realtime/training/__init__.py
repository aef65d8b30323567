"""Making models: training data (MNIST, other writers' pen trajectories, augmentation),
the CNN's definition and export, evaluation and fine-tuning on saved corrections.

The only package that imports TensorFlow/Keras (lazily, inside functions or in
``cnn``); the app never imports it.
"""
