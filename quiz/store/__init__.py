"""The progress store: models, engine set-up, migrations and queries (SQLAlchemy 2.0)."""
