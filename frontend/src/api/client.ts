/**
 * The API client, typed from the OpenAPI document (`npm run gen:api`). Every call goes
 * through `authFetch`: it adds the access token, refreshes once on a 401 and retries, and
 * reports whether the server could be reached.
 */
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { ServerUnreachableError, SessionExpiredError } from "./errors";
import { reportReachable, reportUnreachable } from "./reachability";
import { getAccessToken, isGatewayFailure, refreshSession, signOut } from "./session";
import { takeEarlyGet } from "./early-refresh";

/** Endpoints that take no access token: a 401 there is an answer, not an expired session. */
const PUBLIC = new Set([
  "/api/v1/auth/login",
  "/api/v1/auth/login/2fa",
  "/api/v1/auth/refresh",
  "/api/v1/auth/register",
  "/api/v1/auth/verify-email",
  "/api/v1/auth/forgot-password",
  "/api/v1/auth/reset-password",
]);

async function send(request: Request): Promise<Response> {
  // An early answer counts as this request's own: a 401 there refreshes and retries too.
  const early = await takeEarlyGet(request);
  if (early && !isGatewayFailure(early)) {
    reportReachable();
    return early;
  }
  const token = getAccessToken();
  if (token) request.headers.set("Authorization", `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(request);
  } catch (e) {
    if (request.signal?.aborted) throw e;
    reportUnreachable();
    throw new ServerUnreachableError(e);
  }
  if (isGatewayFailure(response)) {
    reportUnreachable();
    throw new ServerUnreachableError();
  }
  reportReachable();
  return response;
}

/**
 * A 401 that answers the request rather than ending the session: a wrong current password
 * (`POST /auth/password`) or a wrong password or code (`POST /auth/2fa/disable`).
 */
async function isAnswer(response: Response): Promise<boolean> {
  try {
    const body = (await response.clone().json()) as { error?: { code?: string } } | null;
    return body?.error?.code === "invalid_credentials";
  } catch {
    return false;
  }
}

export async function authFetch(input: Request): Promise<Response> {
  const isPublic = PUBLIC.has(new URL(input.url, location.href).pathname);
  const retry = isPublic ? null : input.clone();
  const response = await send(input);
  if (response.status !== 401 || !retry || (await isAnswer(response))) return response;

  // The access token ran out (or the session was revoked): one refresh, then one retry.
  const outcome = await refreshSession();
  if (outcome === "renewed") {
    const again = await send(retry);
    if (again.status !== 401) return again;
  }
  signOut("expired");
  throw new SessionExpiredError();
}

export const api = createClient<paths>({
  baseUrl: "",
  fetch: authFetch,
  credentials: "same-origin",
});
