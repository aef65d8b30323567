"""Fine-tuning on saved corrections without forgetting MNIST, and the rule that accepts it.

The corrections are split into a part to learn from and a part held back to judge by.
The current model is trained a few epochs on the corrections (augmented, repeated) mixed
with a replay of MNIST training digits and of non-digit marks, at a low learning rate.
The result is kept only when

* it reads the held-back samples better: more of them right, or as many right and more
  surely (a lower mean log-loss), which is how samples that were already read right
  (confirmations) count;
* MNIST's test set reads no more than 0.2 points worse;
* it is still unsure of as many non-digit marks, within 2 points;

otherwise the current model stays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realtime.config import NUM_CLASSES
from realtime.reading import MIN_CONFIDENCE
from realtime.training.writers import NOT_A_DIGIT

#: Fewer corrections than this are not enough to learn from and to judge by.
MIN_SAMPLES = 10
#: Share of each class's corrections held back to judge the result (at least one).
HOLDOUT_SHARE = 0.25
#: The most the MNIST test accuracy may drop (as a fraction: 0.002 = 0.2 points).
MAX_MNIST_DROP = 0.002
#: The most the share of non-digit marks the model is unsure of may drop.
MAX_REFUSAL_DROP = 0.02
#: Probabilities are clipped to this before their log is taken.
_EPSILON = 1e-7


@dataclass(frozen=True)
class Scores:
    """One model's scores: accuracy on the held-back corrections and on MNIST's test set,
    overall and per class (NaN for a class with no digits); the mean log-loss on the
    held-back corrections (how surely it reads them); and the share of non-digit marks
    it is unsure of (NaN when none were scored)."""

    corrections: float
    mnist: float
    corrections_per_class: np.ndarray
    mnist_per_class: np.ndarray
    corrections_loss: float = float("nan")
    refusal: float = float("nan")


@dataclass(frozen=True)
class Verdict:
    """Whether to keep the fine-tuned model, and why in one line."""

    accept: bool
    reason: str


def holdout_split(labels: np.ndarray, seed: int, share: float = HOLDOUT_SHARE,
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Splits indices per class: returns (learn, held back). A class with one sample is
    learned from only; with more, at least one is held back."""
    rng = np.random.default_rng(seed)
    learn, held = [], []
    for k in range(NUM_CLASSES):
        members = rng.permutation(np.flatnonzero(labels == k))
        count = 0 if len(members) < 2 else max(1, round(share * len(members)))
        held.extend(members[:count])
        learn.extend(members[count:])
    return np.array(sorted(learn), np.int64), np.array(sorted(held), np.int64)


def per_class_accuracy(truth: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """Accuracy of each class 0-9 (NaN where the class does not occur)."""
    result = np.full(NUM_CLASSES, np.nan)
    for k in range(NUM_CLASSES):
        members = truth == k
        if members.any():
            result[k] = float(np.mean(predicted[members] == k))
    return result


def score(predict_probs, corrections: tuple[np.ndarray, np.ndarray],
          mnist_test: tuple[np.ndarray, np.ndarray], marks: np.ndarray | None = None,
          min_confidence: float = MIN_CONFIDENCE) -> Scores:
    """Scores a model, given as a function from uint8 (N, 28, 28) digits to (N, 10)
    probabilities; ``marks`` are non-digit marks it should be unsure of."""
    images, labels = corrections
    test_images, test_labels = mnist_test
    probs = predict_probs(images)
    on_corrections = probs.argmax(axis=1)
    on_mnist = predict_probs(test_images).argmax(axis=1)
    picked = probs[np.arange(len(labels)), labels] if len(labels) else np.ones(0)
    loss = float(np.mean(-np.log(np.clip(picked, _EPSILON, 1.0)))) if len(labels) else np.nan
    refusal = (float(np.mean(predict_probs(marks).max(axis=1) < min_confidence))
               if marks is not None and len(marks) else float("nan"))
    return Scores(float(np.mean(on_corrections == labels)),
                  float(np.mean(on_mnist == test_labels)),
                  per_class_accuracy(labels, on_corrections),
                  per_class_accuracy(test_labels, on_mnist), loss, refusal)


def decide(before: Scores, after: Scores, max_mnist_drop: float = MAX_MNIST_DROP,
           max_refusal_drop: float = MAX_REFUSAL_DROP) -> Verdict:
    """The acceptance rule (see the module's doc): better on the held-back corrections
    (more right, or as many right and more surely), MNIST no more than ``max_mnist_drop``
    worse, and unsure of non-digit marks no more than ``max_refusal_drop`` less often."""
    drop = before.mnist - after.mnist
    more_right = after.corrections > before.corrections
    surer = (after.corrections == before.corrections
             and after.corrections_loss < before.corrections_loss)
    if not (more_right or surer):
        return Verdict(False, f"it is not better on the held-back corrections "
                              f"({before.corrections:.1%} before, {after.corrections:.1%} after; "
                              f"log-loss {before.corrections_loss:.3f} -> "
                              f"{after.corrections_loss:.3f})")
    if drop > max_mnist_drop + 1e-12:
        return Verdict(False, f"MNIST test accuracy would drop {drop * 100:.2f} points "
                              f"({before.mnist:.2%} to {after.mnist:.2%}; at most "
                              f"{max_mnist_drop * 100:.1f} allowed)")
    if before.refusal - after.refusal > max_refusal_drop + 1e-12:
        return Verdict(False, f"it would be unsure of fewer non-digit marks "
                              f"({before.refusal:.1%} to {after.refusal:.1%}; at most "
                              f"{max_refusal_drop * 100:.0f} points less allowed)")
    how = (f"{before.corrections:.1%} -> {after.corrections:.1%}" if more_right else
           f"{after.corrections:.1%} right, log-loss {before.corrections_loss:.3f} -> "
           f"{after.corrections_loss:.3f}")
    return Verdict(True, f"held-back corrections {how}, MNIST test {before.mnist:.2%} -> "
                         f"{after.mnist:.2%}, non-digit marks unsure {before.refusal:.1%} -> "
                         f"{after.refusal:.1%}")


def score_table(before: Scores, after: Scores, held_back: int, mnist_count: int) -> str:
    """The before/after table the fine-tune prints."""
    lines = [f"{'':24} {'before':>8} {'after':>8}",
             f"{f'held-back corrections ({held_back})':24} {before.corrections:>8.1%} "
             f"{after.corrections:>8.1%}",
             f"{'  their log-loss':24} {before.corrections_loss:>8.3f} "
             f"{after.corrections_loss:>8.3f}",
             f"{f'MNIST test ({mnist_count})':24} {before.mnist:>8.2%} {after.mnist:>8.2%}",
             f"{'non-digit marks unsure':24} {before.refusal:>8.1%} {after.refusal:>8.1%}",
             f"{'per class':24} {'corrections':>17}   {'MNIST test':>17}"]
    for k in range(NUM_CLASSES):
        def cell(value: float) -> str:
            return "     -" if np.isnan(value) else f"{value:6.1%}"
        lines.append(f"{k:>24} {cell(before.corrections_per_class[k]):>8} "
                     f"{cell(after.corrections_per_class[k]):>8}   "
                     f"{cell(before.mnist_per_class[k]):>8} {cell(after.mnist_per_class[k]):>8}")
    return "\n".join(lines)


def replay_mix(corrections: np.ndarray, labels: np.ndarray, mnist_x: np.ndarray,
               mnist_y: np.ndarray, repeats: int, replay: int, seed: int,
               marks: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The fine-tuning set: each correction ``repeats`` times, ``replay`` MNIST training
    digits drawn at random, and the non-digit ``marks`` (label ``NOT_A_DIGIT``), shuffled
    together."""
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(mnist_x), size=min(replay, len(mnist_x)), replace=False)
    marks = np.zeros((0, *corrections.shape[1:]), np.uint8) if marks is None else marks
    x = np.concatenate([np.repeat(corrections, repeats, axis=0), mnist_x[pick], marks])
    y = np.concatenate([np.repeat(labels, repeats), mnist_y[pick],
                        np.full(len(marks), NOT_A_DIGIT)]).astype(np.int64)
    order = rng.permutation(len(x))
    return x[order], y[order]
