// The frame every signed-in page sits in: a skip link, the studio's navigation, the account.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { NavLink } from "react-router";
import { api } from "../api/client";
import { rememberCsrf } from "../api/session";
import { styles } from "./controls";
import { ThemeToggle } from "./theme";

const nav = [
  { to: "/", label: "Models" },
  { to: "/costs", label: "Costs" },
  { to: "/queue", label: "GPU queue" },
  { to: "/keys", label: "API keys" },
];

/** Header, navigation and main landmark around a page. */
export function Layout({ user, children }: { user: string; children: ReactNode }) {
  const client = useQueryClient();
  const signOut = useMutation({
    mutationFn: async () => {
      await api.DELETE("/api/v1/session");
    },
    onSettled: () => {
      rememberCsrf(null);
      // Nothing of this user's stays cached for whoever signs in next.
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== "me" });
      client.setQueryData(["me"], null);
    },
  });
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <p className="text-lg font-semibold">AI Model Studio</p>
          <nav aria-label="Studio" className="flex flex-wrap gap-x-4 gap-y-1">
            {nav.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.to === "/"}
                className={({ isActive }) => `${styles.link} ${isActive ? "font-semibold no-underline" : ""}`}
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <section aria-label="Account" className="flex w-full min-w-0 flex-wrap items-center gap-x-3 gap-y-2 sm:ml-auto sm:w-auto">
            <ThemeToggle />
            <p className="min-w-0 text-sm break-all">
              Signed in as <strong>{user}</strong>
            </p>
            <button type="button" className={`${styles.secondary} py-1 text-sm`} onClick={() => signOut.mutate()}>
              Sign out
            </button>
          </section>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
