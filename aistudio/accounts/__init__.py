"""Accounts of the studio API: users, API keys, browser sessions and request budgets.

Library functions over a database session; the API and the CLI (`aistudio users`, `aistudio
keys`) both call them.
"""
