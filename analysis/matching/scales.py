"""How a count becomes a feature in [0, 1): one curve for every feature that counts.

Kept apart, with numpy only, because the coverage model (read by ``Settings`` on the
dashboard's first screen, without scikit-learn or scipy) and the bulk feature code both
use it.
"""

from __future__ import annotations

from typing import overload

import numpy as np


@overload
def saturate(count: float, half: float) -> float: ...
@overload
def saturate(count: np.ndarray, half: float) -> np.ndarray: ...
def saturate(count, half):
    """Map counts in [0, inf) to [0, 1), reaching 0.5 at ``half``: one count or an array
    of them, for the one-pair features and the bulk ones alike.

    >>> saturate(3, 3.0), saturate(np.array([0.0, 1.0]), 1.0).tolist()
    (0.5, [0.0, 0.5])
    """
    return count / (count + half)
