"""Timeline and eligibility rules: pure functions of a trainee record and a date.

Dated parameters live in rules.yml; this package knows dates and conditions,
not databases or languages.
"""
from bot.rules.eligibility import eligibility
from bot.rules.timeline import timeline

__all__ = ["eligibility", "timeline"]
