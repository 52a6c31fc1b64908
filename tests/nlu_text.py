"""Helpers for reading Rasa NLU example lines."""
import re

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))")


def strip_annotations(line: str) -> str:
    """'and for [3号]{"entity": "stage"}?' -> 'and for 3号?'"""
    return _ANNOTATION.sub(r"\1", line)
