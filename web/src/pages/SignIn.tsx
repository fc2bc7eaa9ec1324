// The sign-in form (users made with `aistudio users create NAME --password`).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import { rememberCsrf } from "../api/session";
import { Button, Field } from "../ui/controls";
import { ThemeToggle } from "../ui/theme";

/** Name and password; the API's reason when it refuses. */
export function SignIn() {
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/session", { body: { name, password } })),
    onSuccess: (data) => {
      rememberCsrf(data.csrf_token);
      void client.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <main className="mx-auto flex max-w-sm flex-col gap-6 px-4 py-12">
        <div className="flex items-center justify-between">
          <h1 className="text-2xl font-semibold">AI Model Studio</h1>
          <ThemeToggle />
        </div>
        <form onSubmit={submit} className="flex flex-col gap-3" aria-labelledby="sign-in">
          <h2 id="sign-in" className="text-lg font-medium">
            Sign in
          </h2>
          <Field label="Name" value={name} autoComplete="username" onChange={(e) => setName(e.target.value)} required />
          <Field
            label="Password"
            type="password"
            value={password}
            autoComplete="current-password"
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          {signIn.isError && (
            <p role="alert" className="text-red-800 dark:text-red-300">
              {signIn.error.message}
            </p>
          )}
          <Button kind="primary" type="submit" disabled={signIn.isPending}>
            {signIn.isPending ? "Signing in…" : "Sign in"}
          </Button>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            No account? An admin makes one with <code>aistudio users create NAME --password</code>.
          </p>
        </form>
      </main>
    </div>
  );
}
