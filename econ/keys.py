"""Cache keys from content: one digest of everything that determines a result.

A key built from names or `repr` misses what it does not spell out (a `numpy.int64` year, a
table edited in place, a frame whose repr elides rows), and a cache then serves one choice's
numbers for another. Here every table is hashed row by row (`pandas.util.hash_pandas_object`,
geometry as WKB), every value with its type, and a type not provided for is an error, never
skipped.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from pathlib import PurePath

import numpy as np
import pandas as pd


def content_key(*parts: object) -> str:
    """A hex digest of `parts` and everything inside them (tables, arrays, mappings,
    dataclasses, scalars of any numpy or Python type)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        _feed(digest, part)
    return digest.hexdigest()


def _feed(digest, value: object) -> None:
    def tag(name: str, data: bytes = b"") -> None:
        digest.update(f"<{name}:{len(data)}>".encode())
        digest.update(data)

    if value is None or isinstance(value, bool | int | float | complex | str):
        tag(type(value).__name__, repr(value).encode())
    elif isinstance(value, bytes | bytearray | memoryview):
        tag("bytes", bytes(value))
    elif isinstance(value, np.generic):
        tag(f"numpy.{value.dtype.str}", np.asarray(value).tobytes())
    elif isinstance(value, PurePath):
        tag("path", str(value).encode())
    elif isinstance(value, pd.DataFrame):
        tag("frame", repr(value.shape).encode())
        for column in value.columns:
            _feed(digest, column)
            _feed(digest, value[column])
        _feed(digest, value.index)
    elif isinstance(value, pd.Series | pd.Index):
        tag(type(value).__name__, str(value.dtype).encode())
        if isinstance(value, pd.Series):
            _feed(digest, value.name)
        if str(value.dtype) == "geometry":
            value = pd.Series(value.to_wkb(), dtype=object)
        hashed = pd.util.hash_pandas_object(value, index=False)
        tag("rows", np.asarray(hashed, dtype=np.uint64).tobytes())
    elif isinstance(value, np.ndarray):
        tag(f"array{value.shape}", value.dtype.str.encode())
        if value.dtype == object:
            for item in value.ravel():
                _feed(digest, item)
        else:
            tag("data", np.ascontiguousarray(value).tobytes())
    elif isinstance(value, Mapping):
        tag("mapping", str(len(value)).encode())
        for key, item in sorted(value.items(), key=lambda pair: content_key(pair[0])):
            _feed(digest, key)
            _feed(digest, item)
    elif isinstance(value, list | tuple):
        tag(type(value).__name__, str(len(value)).encode())
        for item in value:
            _feed(digest, item)
    elif isinstance(value, set | frozenset):
        tag("set", str(len(value)).encode())
        for key in sorted(content_key(item) for item in value):
            tag("item", key.encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        tag(f"{type(value).__module__}.{type(value).__qualname__}")
        for item in dataclasses.fields(value):
            _feed(digest, item.name)
            _feed(digest, getattr(value, item.name))
    else:
        raise TypeError(f"no content key for a {type(value).__qualname__}: add it to econ.keys")
