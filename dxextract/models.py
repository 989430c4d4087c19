"""underthesea's functions with their models, loaded with only what they need.

`import underthesea` runs the package's `__init__`, which imports every pipeline it has (chunking,
NER, POS tags, classification, language detection, dependency parsing, translation, the agent,
address conversion: requests, urllib3, yaml, the `Viet74K` word list read three times...), about
0.23 s of a 1-row rebuild whose row needs POS tags, before any model is read. And its word
segmenter reads its model's feature dictionary through joblib's pure-Python unpickler (0.1 s for a
plain pickle of 84k strings).

`function(name)` gives the very functions underthesea's `__init__` would bind (`word_tokenize`,
`pos_tag`, `chunk`, `ner`), importing only their own modules: the package module is put in
`sys.modules` with its `__init__` deferred (`_deferred_package`), and those four names resolve
to their modules; any other name asked of the package (`underthesea.sent_tokenize`,
`__version__`, ...) runs the whole `__init__` first, so other code sees the package as usual.
joblib, which underthesea's model modules import for `joblib.load`, is deferred the same way.
The segmenter's model is read with the C unpickler into underthesea's own slot for it, the
objects joblib would give (`_segmenter_model`); underthesea's code then runs unchanged.
"""
from __future__ import annotations

import importlib
import importlib.util
import pickle
import sys
import threading
from collections.abc import Callable
from os.path import dirname, join
from types import ModuleType

PACKAGE = "underthesea"
# The modules of each function, in the order the package's `__init__` imports them (the text
# normalizer before the word segmenter: they import each other)
MODULES = {
    "word_tokenize": ("pipeline.text_normalize", "pipeline.word_tokenize"),
    "pos_tag": ("pipeline.pos_tag",),
    "chunk": ("pipeline.chunking",),
    "ner": ("pipeline.ner",),
}
# The packages whose `__init__` is deferred, each with the names it binds that are resolved from
# their own modules instead: underthesea's four functions, and joblib's `load` and `dump`, which
# underthesea's model modules use (joblib's `__init__` imports its parallel backends, loky, psutil,
# asyncio...: 25 ms of the first tagged clause; `joblib.numpy_pickle` alone is 3 ms)
DEFERRED = {PACKAGE: MODULES, "joblib": {"load": ("numpy_pickle",), "dump": ("numpy_pickle",)}}
SEGMENTER_MODEL = ("models", "ws_crf_vlsp2013_20230727")  # what underthesea's word_tokenize loads

_INIT = threading.RLock()


def function(name: str) -> Callable:
    """underthesea's function `name` (one of MODULES), its module imported, the package's
    `__init__` run only if something else has run it already or asks for it."""
    package = _deferred_package(PACKAGE)
    if name not in MODULES:
        return getattr(package, name)  # runs the whole __init__
    _deferred_package("joblib")
    for needed in ("word_tokenize", name):  # every one of them segments words first
        if needed not in package.__dict__:
            _resolve(package, needed)
    _segmenter_model()
    return package.__dict__[name]


def _deferred_package(name: str) -> ModuleType:
    """The package `name` (a key of DEFERRED): the imported one, or one whose `__init__` runs at
    the first name asked of it that it lacks (PEP 562's module `__getattr__`), the names DEFERRED
    gives it excepted; its submodules import as usual."""
    with _INIT:
        if name in sys.modules:
            return sys.modules[name]
        spec = importlib.util.find_spec(name)
        module = importlib.util.module_from_spec(spec)

        def __getattr__(attr: str):  # noqa: N807 - the module's own hook
            with _INIT:
                if attr in DEFERRED[name]:
                    return _resolve(module, attr)
                if module.__dict__.get("__getattr__") is __getattr__:
                    del module.__dict__["__getattr__"]
                    try:
                        spec.loader.exec_module(module)  # the package's __init__, in this module
                    except BaseException:
                        sys.modules.pop(name, None)  # as a failed import leaves it: not imported
                        raise
            try:
                return module.__dict__[attr]
            except KeyError:
                raise AttributeError(f"module {name!r} has no attribute {attr!r}") from None

        module.__getattr__ = __getattr__
        sys.modules[name] = module
        return module


def _resolve(package: ModuleType, name: str) -> Callable:
    """Import `name`'s modules and bind it in the package, as the package's `__init__` does."""
    with _INIT:
        module = None
        for sub in DEFERRED[package.__name__][name]:
            module = importlib.import_module(f"{package.__name__}.{sub}")
        found = getattr(module, name)
        package.__dict__.setdefault(name, found)
        return package.__dict__[name]


def _segmenter_model() -> None:
    """underthesea's word segmentation model, read as its `FastCRFSequenceTagger.load` reads it but
    with the C unpickler (its feature list and dictionary are plain pickles: joblib's unpickler,
    written in Python, takes 0.1 s on them), into the module's slot `word_tokenize_model`, which
    word_tokenize fills itself when empty. Files it cannot read so are left to underthesea."""
    module = sys.modules[f"{PACKAGE}.pipeline.word_tokenize"]
    with _INIT:
        if getattr(module, "word_tokenize_model", True) is not None:
            return  # loaded already, or a version without that slot: underthesea's own way
        try:
            # the classes its `load` uses, from its module (underthesea_core's)
            from underthesea.models.fast_crf_sequence_tagger import CRFFeaturizer, CRFTagger, FastCRFSequenceTagger

            tagger = FastCRFSequenceTagger()
            base = join(dirname(module.__file__), *SEGMENTER_MODEL)
            estimator = CRFTagger()
            estimator.load(join(base, tagger.path_model))
            features, dictionary = (_unpickle(join(base, f)) for f in (tagger.path_features, tagger.path_dictionary))
            tagger.featurizer, tagger.estimator = CRFFeaturizer(features, dictionary), estimator
        except (ImportError, OSError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
            return
        module.word_tokenize_model = tagger


def _unpickle(path: str) -> object:
    with open(path, "rb") as f:
        return pickle.load(f)
