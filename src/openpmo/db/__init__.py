"""Persistence: SQLAlchemy models, sessions, audit and Alembic migrations."""
