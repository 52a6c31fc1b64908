"""Rasa NLG endpoint: renders every `utter_*` response from the knowledge files."""
