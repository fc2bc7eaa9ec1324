"""Request and response bodies, in the Base / Create / Public style (Public is what a client
sees: never a hash, a path on the server or another user's id)."""
