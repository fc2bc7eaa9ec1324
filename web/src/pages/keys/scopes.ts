// The scopes a new key may get: never beyond what the caller's own credentials have.

/** A choice of scopes, as the create form offers it (write implies read, admin both). */
export interface ScopeChoice {
  scope: "read" | "write" | "admin";
  label: string;
  hint: string;
}

const CHOICES: ScopeChoice[] = [
  { scope: "read", label: "Read", hint: "look only: GET requests" },
  { scope: "write", label: "Read and write", hint: "create models, upload photos, start runs" },
  { scope: "admin", label: "Admin", hint: "also manage users" },
];

/** The choices the caller's scopes allow (admin only for an admin's credentials). */
export function grantable(mine: readonly string[]): ScopeChoice[] {
  return CHOICES.filter((choice) => mine.includes(choice.scope));
}
