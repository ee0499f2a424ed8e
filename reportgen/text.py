"""Cleaning text for the page, whatever its source: directional controls a string leaves open."""

import re

_DIRECTIONAL = re.compile("[\u202a-\u202e\u2066-\u2068]")


def close_bidi(value):
    """A string that opens a directional embedding, override or isolate and leaves it open gets the
    closing marks appended, so the override ends with the string. The text itself is kept."""
    if not _DIRECTIONAL.search(value):
        return value
    stack = []
    for ch in value:
        if ch in "\u202a\u202b\u202d\u202e":
            stack.append("\u202c")
        elif ch in "\u2066\u2067\u2068":
            stack.append("\u2069")
        elif ch == "\u202c" and stack and stack[-1] == "\u202c":
            stack.pop()  # PDF closes the latest embedding, never an isolate
        elif ch == "\u2069" and "\u2069" in stack:
            while stack.pop() != "\u2069":
                pass  # PDI closes its isolate and every embedding opened inside it
    return value + "".join(reversed(stack))
