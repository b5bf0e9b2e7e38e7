"""A TrueType font whose embedded subsets are built and encoded once per process, not per PDF.

reportlab cuts a fresh subset out of the font for every document, compresses it and formats
its widths and ToUnicode map: about a third of a certificate's time. With its ASCII-readable
subsets (code n is U+00n for printable ASCII, the default) most certificates embed the very
same subset, so the PDF objects of a subset are remembered by what they are made of (the
subset's characters, its name) and written as the same bytes reportlab would have written.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont

REMEMBERED = 64  # subsets per font and kind of object; one is a few tens of kB at most


class _Formatted(pdfdoc.PDFObject):
    """A PDF object as its formatted bytes. It must not hold references: their numbers change
    from one document to the next (streams and number arrays hold none)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _Remembered:
    """Formatted objects by a key of what they were made of; the oldest is forgotten first."""

    def __init__(self) -> None:
        self._items: OrderedDict[object, _Formatted] = OrderedDict()
        self._lock = threading.Lock()  # certificates may be rendered in request threads

    def get(self, key: object, obj: Any, document: Any) -> _Formatted:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        found = _Formatted(pdfdoc.format(obj, document, toplevel=1))
        with self._lock:
            self._items[key] = found
            if len(self._items) > REMEMBERED:
                self._items.popitem(last=False)
        return found


class SubsetCachingTTFont(TTFont):
    """A TTFont whose subset PDF objects (font file, ToUnicode map, widths) are remembered."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        make_subset = self.face.makeSubset
        cut = lru_cache(maxsize=REMEMBERED)(lambda chars: make_subset(list(chars)))
        # The same bytes object for the same characters: the stream below is found by it.
        self.face.makeSubset = lambda subset: cut(tuple(subset))
        self._streams = _Remembered()
        self._widths = _Remembered()

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (reportlab's name)
        before = set(doc.idToObject)
        super().addObjects(doc)
        for name, obj in list(doc.idToObject.items()):
            if name in before:
                continue
            if name.startswith(("fontFile:", "toUnicodeCMap:")):
                # Their content and compression are all these streams depend on.
                filters = tuple(f.pdfname for f in obj.filters or ())
                doc.idToObject[name] = self._streams.get((filters, obj.content), obj, doc)
            elif isinstance(obj, pdfdoc.PDFTrueTypeFont):
                widths = tuple(obj.Widths.sequence)
                obj.Widths = self._widths.get(widths, obj.Widths, doc)
