"""Trainee records: SQLAlchemy models, sessions, and conversion to rules-engine records."""
