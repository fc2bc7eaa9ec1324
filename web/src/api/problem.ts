// Problem details (RFC 9457) turned into errors whose message says what to do next.

interface ProblemLike {
  detail?: unknown;
  title?: unknown;
  rule?: unknown;
}

/** An Error carrying the API's problem detail (and the rule that refused, when one did). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly rule: string | null = null,
  ) {
    super(message);
  }
}

/** The error an openapi-fetch answer without data stands for. */
export function problem(error: unknown, response: Response): ApiError {
  const body = (typeof error === "object" && error !== null ? error : {}) as ProblemLike;
  const detail = typeof body.detail === "string" ? body.detail : null;
  const title = typeof body.title === "string" ? body.title : null;
  const rule = typeof body.rule === "string" ? body.rule : null;
  return new ApiError(detail ?? title ?? `the studio answered ${response.status}`, response.status, rule);
}

/** The data of an openapi-fetch answer, or its problem thrown (for TanStack Query functions). */
export function unwrap<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) throw problem(answer.error, answer.response);
  return answer.data;
}
