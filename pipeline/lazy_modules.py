"""Modules that libraries import at the top but use only in functions we may never call.

reportlab imports Pillow's ``PIL.Image`` (≈8 ms with the ``logging`` it brings) for images a
document may not have. Such a module is put in ``sys.modules`` as a stand-in that loads it the
first time one of its attributes is used — the recipe of the importlib documentation
("Implementing lazy imports", ``importlib.util.LazyLoader``).

Python 3.11's LazyLoader is not safe when two threads touch a stand-in first at the same time:
stand-ins are made in the main thread only (a server's request threads import eagerly), and a
long-running server loads those made before it serves (:func:`load_deferred_now`)."""
from __future__ import annotations

import importlib.util
import sys
import threading

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
    """Load every stand-in now (one thread at a time)."""
    with _LOCK:
        for name in _DEFERRED:
            module = sys.modules.get(name)
            if module is not None:
                getattr(module, "__name__")      # any attribute loads it
        _DEFERRED.clear()


def _install_stand_in(name: str) -> bool:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return False
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return True
