"""Custom Rasa NLU components (imported by config.yml)."""
