// Who is signed in, and the CSRF token a browser session's unsafe requests echo.
import { useQuery } from "@tanstack/react-query";
import { api, setCsrf } from "./client";

const CSRF_KEY = "aistudio-csrf"; // survives a reload of the tab, not the browser
setCsrf(sessionStorage.getItem(CSRF_KEY));

/** Keep (or, with null, forget) the session's CSRF token. */
export function rememberCsrf(token: string | null): void {
  if (token === null) sessionStorage.removeItem(CSRF_KEY);
  else sessionStorage.setItem(CSRF_KEY, token);
  setCsrf(token);
}

/** The signed-in user, or null when the session is missing or over. */
export function useMe() {
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
