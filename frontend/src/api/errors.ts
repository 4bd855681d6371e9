/** What a failed API call turns into. The server answers errors as
 * `{"error": {"code", "message", "details"}}`; a 422's details name the fields:
 * `{"fields": [{"field": "password", "message": "…"}]}`. */

export interface FieldProblem {
  field: string;
  message: string;
}

interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    details?: { fields?: FieldProblem[]; retry_after_secs?: number } | null;
  };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldProblem[];
  readonly retryAfterSecs: number | null;

  constructor(status: number, body: unknown) {
    const err = (body as ErrorBody | undefined)?.error;
    super(err?.message ?? `request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.code = err?.code ?? "unknown";
    this.fields = Array.isArray(err?.details?.fields) ? err.details.fields : [];
    this.retryAfterSecs = err?.details?.retry_after_secs ?? null;
  }
}

/** The server could not be reached (network error, or a proxy's 502/503/504). */
export class ServerUnreachableError extends Error {
  constructor(cause?: unknown) {
    super("Kakeibo's server can't be reached", { cause });
    this.name = "ServerUnreachableError";
  }
}

/** The session ended and could not be renewed; the app is on its way to the login page. */
export class SessionExpiredError extends Error {
  constructor() {
    super("session expired");
    this.name = "SessionExpiredError";
  }
}

/** openapi-fetch's answer, turned into data or a thrown error. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw new ApiError(result.response.status, result.error);
}

export function isUnreachable(error: unknown): boolean {
  return error instanceof ServerUnreachableError;
}
