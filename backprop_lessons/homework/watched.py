"""A dict that records every write made to it, so a change to an argument is seen on every run.

guard.py hands a student's function its dict arguments as WatchedDicts. Copies (dict(v),
v.copy(), {**v}) are plain dicts and free to change; a write to the argument itself is
recorded under the id of the dict, even when a later write puts the old value back.
"""
from __future__ import annotations

_WATCHED: dict[int, list] = {}      # id of a watched dict -> the keys written to it


class WatchedDict(dict):
    """A dict that records every write made to it, for spotting changes to an argument."""

    __slots__ = ()

    def _written(self, what: object) -> None:
        """Record a write, if this is a dict handed to student code."""
        log = _WATCHED.get(id(self))
        if log is not None:
            log.append(what)

    def __setitem__(self, key, value):
        """d[key] = value, recorded."""
        self._written(key)
        super().__setitem__(key, value)

    def __delitem__(self, key):
        """del d[key], recorded."""
        self._written(key)
        super().__delitem__(key)

    def __ior__(self, other):
        """d |= other, recorded."""
        self._written("|=")
        return super().__ior__(other)

    def update(self, *args, **kwargs):
        """d.update(...), recorded."""
        self._written("update")
        super().update(*args, **kwargs)

    def pop(self, *args):
        """d.pop(key), recorded."""
        self._written("pop")
        return super().pop(*args)

    def popitem(self):
        """d.popitem(), recorded."""
        self._written("popitem")
        return super().popitem()

    def clear(self):
        """d.clear(), recorded."""
        self._written("clear")
        super().clear()

    def setdefault(self, key, default=None):
        """d.setdefault(key, default), recorded when it adds the key."""
        if key not in self:
            self._written(key)
        return super().setdefault(key, default)
