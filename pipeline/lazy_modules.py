"""Modules that libraries import at the top but use only in functions we may never call.

reportlab imports Pillow's ``PIL.Image`` (≈8 ms with the ``logging`` it brings) for images a
document may not have. Such a module is put in ``sys.modules`` as a stand-in that loads it the
first time one of its attributes is used — the recipe of the importlib documentation
("Implementing lazy imports"), with a lock: Python 3.11's ``importlib.util.LazyLoader`` lets a
second thread see the module half-executed (``module 'PIL.Image' has no attribute 'open'``) when
two threads use it first at once (two renders with images in a thread pool). Here the first
use executes the module while holding the stand-in's lock; other threads wait for it, and the
module's own code, while it runs, sees the module as it is so far (as an eager import would).

Stand-ins are made in the main thread only, and a long-running server loads those made before
it serves (:func:`load_deferred_now`), so no request waits for them."""
from __future__ import annotations

import importlib.util
import sys
import threading
import types
from typing import Any

_LOCK = threading.Lock()
_DEFERRED: list[str] = []


def load_on_first_use(*names: str) -> None:
    """Each of ``names`` not yet imported becomes a module that imports itself when first used.
    A name that cannot be found is left alone: the library's own import then says so."""
    if threading.current_thread() is not threading.main_thread():
        return
    with _LOCK:
        for name in names:
            if name not in sys.modules and _install_stand_in(name):
                _DEFERRED.append(name)


def load_deferred_now() -> None:
    """Load every stand-in now."""
    with _LOCK:
        for name in _DEFERRED:
            module = sys.modules.get(name)
            if module is not None:
                getattr(module, "__name__")      # any attribute loads it
        _DEFERRED.clear()


class _StandIn(types.ModuleType):
    """A module not executed yet: the first attribute asked for, from any thread, executes it."""

    def __getattribute__(self, attr: str) -> Any:
        spec = object.__getattribute__(self, "__spec__")
        with spec.loader_state["lock"]:
            if object.__getattribute__(self, "__class__") is _StandIn:
                if spec.loader_state["loading"]:        # the module's own code, while it runs
                    return types.ModuleType.__getattribute__(self, attr)
                _execute(self, spec)
        return getattr(self, attr)

    def __delattr__(self, attr: str) -> None:
        self.__getattribute__(attr)             # loads it (and raises if there is no such attribute)
        delattr(self, attr)


def _execute(module: types.ModuleType, spec: Any) -> None:
    """Run the module's code in it; what was set on the stand-in before stays set (as after an
    eager import followed by the assignment)."""
    state = spec.loader_state
    namespace = types.ModuleType.__getattribute__(module, "__dict__")
    assigned = {key: value for key, value in namespace.items()
                if key not in state["namespace"] or value is not state["namespace"][key]}
    state["loading"] = True
    try:
        spec.loader.exec_module(module)
    finally:
        state["loading"] = False
    namespace.update(assigned)
    object.__setattr__(module, "__class__", types.ModuleType)


def _install_stand_in(name: str) -> bool:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):           # its package is not installed
        return False
    if spec is None or spec.loader is None or spec.loader_state is not None \
            or not hasattr(spec.loader, "exec_module"):
        return False
    module = importlib.util.module_from_spec(spec)
    spec.loader_state = {"lock": threading.RLock(), "loading": False, "namespace": dict(module.__dict__)}
    module.__class__ = _StandIn
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return True
