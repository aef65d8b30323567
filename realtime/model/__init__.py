"""The trained model at run time: the ``Recognizer``, the backends that run a model file
(LiteRT), the shipped versions in ``models/`` and the feature maps shown "inside" it."""
