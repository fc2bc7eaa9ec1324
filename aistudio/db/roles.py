"""PostgreSQL: the studio's own role may append to the audit log and consent, never rewrite them."""

from __future__ import annotations

from aistudio.db.chain import CHAINED


def insert_only_grants(role: str) -> list[str]:
    """SQL, run by the tables' owner after migrating, that lets `role` use the studio while the
    chained tables take only INSERT (and consent the one UPDATE that revokes it)."""
    chained = ", ".join(CHAINED)
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {chained} FROM {role}",
        f"GRANT UPDATE (revoked_at) ON consent TO {role}",
    ]
