"""The studio API: FastAPI routers over the same library functions the CLI calls.

`create_app()` builds the app; `aistudio serve` runs it (with a local Prefect server and
workers when none is configured). Nothing here keeps state in process memory that another API
process would need: users, keys, sessions, budgets, jobs and events live in the store.
"""
