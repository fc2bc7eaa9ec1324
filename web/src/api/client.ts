// The API client, typed by the schema openapi-typescript generates (npm run types): no
// hand-written request or response types.
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

let csrf: string | null = null;

/** The session's CSRF token, which unsafe requests echo (set on sign-in). */
export function setCsrf(token: string | null): void {
  csrf = token;
}

const csrfHeader: Middleware = {
  onRequest({ request }) {
    if (csrf && !["GET", "HEAD", "OPTIONS"].includes(request.method)) {
      request.headers.set("X-CSRF-Token", csrf);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(csrfHeader);
