import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, setCsrf } from "./api/client";

const CSRF_KEY = "aistudio-csrf"; // survives a reload of the tab, not the browser
setCsrf(sessionStorage.getItem(CSRF_KEY));

/** The signed-in user, or null when the session is missing or over. */
function useMe() {
  return useQuery({
    queryKey: ["me"],
    queryFn: async () => {
      const { data, response } = await api.GET("/api/v1/me");
      if (response.status === 401) return null;
      if (data === undefined) throw new Error(`the studio answered ${response.status}`);
      return data;
    },
  });
}

export function App() {
  const me = useMe();
  return (
    <main className="mx-auto max-w-xl p-6 text-slate-900 dark:text-slate-100">
      <h1 className="mb-6 text-2xl font-semibold">AI Model Studio</h1>
      {me.isPending && <p role="status">Loading…</p>}
      {me.isError && <p role="alert">The studio cannot be reached: {me.error.message}</p>}
      {me.data === null && <SignIn />}
      {me.data && <SignedIn name={me.data.name} />}
    </main>
  );
}

function SignIn() {
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.POST("/api/v1/session", { body: { name, password } });
      if (data === undefined) throw new Error(error?.detail ?? "sign-in refused");
      return data;
    },
    onSuccess: (data) => {
      sessionStorage.setItem(CSRF_KEY, data.csrf_token);
      setCsrf(data.csrf_token);
      void client.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-labelledby="sign-in">
      <h2 id="sign-in" className="text-lg font-medium">Sign in</h2>
      <label className="flex flex-col gap-1">
        Name
        <input className="rounded border px-2 py-1" value={name} autoComplete="username"
          onChange={(e) => setName(e.target.value)} required />
      </label>
      <label className="flex flex-col gap-1">
        Password
        <input className="rounded border px-2 py-1" type="password" value={password}
          autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {signIn.isError && <p role="alert" className="text-red-700">{signIn.error.message}</p>}
      <button type="submit" className="rounded bg-slate-900 px-3 py-2 text-white"
        disabled={signIn.isPending}>
        Sign in
      </button>
    </form>
  );
}

function SignedIn({ name }: { name: string }) {
  const client = useQueryClient();
  const signOut = useMutation({
    mutationFn: async () => {
      await api.DELETE("/api/v1/session");
    },
    onSettled: () => {
      sessionStorage.removeItem(CSRF_KEY);
      setCsrf(null);
      void client.invalidateQueries({ queryKey: ["me"] });
    },
  });
  return (
    <section aria-label="Account" className="flex items-center justify-between">
      <p>Signed in as <strong>{name}</strong></p>
      <button type="button" className="rounded border px-3 py-2" onClick={() => signOut.mutate()}>
        Sign out
      </button>
    </section>
  );
}
