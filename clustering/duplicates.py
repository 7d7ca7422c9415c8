"""Decides whether two posts say the same thing (the duplicate check while typing, evaluation).

Placeholder interface; the algorithm and its calibration (fitted on train splits only, shipped
as a small JSON file) are decided by measurement.
"""


class DuplicateScorer:
    """`score(a_texts, b_texts)` -> probabilities in [0, 1]; `threshold` decides duplicates."""

    threshold = 0.5

    def score(self, a_texts, b_texts):
        raise NotImplementedError

    def is_duplicate(self, probabilities):
        return probabilities >= self.threshold
