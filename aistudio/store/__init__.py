"""The studio database: tables, engine and keyword-only data functions."""
