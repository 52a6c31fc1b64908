"""The knowledge base: topics, their answers in each language, and bot messages.

`load()` returns the validated, cached knowledge base; see loader.py for the
file format and render.py for turning an entry into a reply.
"""
from bot.knowledge.loader import Knowledge, KnowledgeError, load

__all__ = ["Knowledge", "KnowledgeError", "load"]
