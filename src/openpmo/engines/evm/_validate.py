"""Input checks of the earned value engine: each error names the argument and the reason."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Float64Array = npt.NDArray[np.float64]
Int64Array = npt.NDArray[np.int64]


def _one_dimensional(name: str, values: Any, length: int | None) -> npt.NDArray[Any]:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if length is not None and array.shape[0] != length:
        raise ValueError(f"{name} must have {length} entries (one per task), got {array.shape[0]}")
    return array


def amounts(
    name: str,
    values: Any,
    length: int | None = None,
    *,
    missing: bool = False,
    upper: float | None = None,
) -> Float64Array:
    """``values`` as float64, each finite and ``>= 0`` (NaN allowed when ``missing``)."""
    array = _one_dimensional(name, values, length)
    if array.dtype.kind not in "iuf" and array.size:
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}")
    result = np.ascontiguousarray(array, dtype=np.float64)
    checked = result[~np.isnan(result)] if missing else result
    bad = ~np.isfinite(checked) | (checked < 0)
    if upper is not None:
        bad |= checked > upper
    if bad.any():
        at = int(np.flatnonzero(bad)[0])
        if missing:
            at = int(np.flatnonzero(~np.isnan(result))[at])
        limit = f"between 0 and {upper:g}" if upper is not None else "finite and >= 0"
        raise ValueError(f"{name} must be {limit}, got {name}[{at}] = {result[at]}")
    return result


def offsets(name: str, values: Any, length: int | None = None) -> Int64Array:
    """Working-time offsets as int64."""
    array = _one_dimensional(name, values, length)
    if array.size == 0:
        return np.zeros(0, np.int64)
    if array.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold integers (working-time units), got dtype {array.dtype}")
    if array.dtype.kind == "u" and array.max() > 2**62:
        raise ValueError(f"{name} holds values too large for int64")
    return np.ascontiguousarray(array, dtype=np.int64)


def parents(name: str, values: Any, length: int, size: int | None) -> tuple[Int64Array, int]:
    """Group index of each of ``length`` members as int64, and the number of groups."""
    array = offsets(name, values, length)
    if array.size and array.min() < 0:
        at = int(array.argmin())
        raise ValueError(f"{name}[{at}] = {array[at]} is not a group index (>= 0)")
    largest = int(array.max()) + 1 if array.size else 0
    if size is None:
        return array, largest
    if size < largest:
        at = int(array.argmax())
        raise ValueError(f"{name}[{at}] = {array[at]} is not a group index (0 <= index < {size})")
    return array, int(size)
