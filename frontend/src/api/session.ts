/**
 * The signed-in session. The access token lives only here, in memory: never in storage a
 * script could read later. The refresh token is an HttpOnly cookie (SameSite=Strict,
 * Path=/api/v1/auth) that only the browser sees; `refreshSession` trades it for a new
 * access token. On load the app tries one refresh to restore the session.
 */
import { createStore } from "@/lib/store";
import { reportReachable, reportUnreachable } from "./reachability";
import { ServerUnreachableError } from "./errors";
import { takeEarlyRefresh } from "./early-refresh";

export type SessionStatus = "unknown" | "signed-in" | "signed-out";

export interface SessionState {
  status: SessionStatus;
  /** Why the session ended: on its own (a revoked or expired refresh token), or by logging out. */
  ended: "expired" | "logout" | null;
}

export const session = createStore<SessionState>({ status: "unknown", ended: null });

let accessToken: string | null = null;
let renewTimer: ReturnType<typeof setTimeout> | null = null;

export function getAccessToken(): string | null {
  return accessToken;
}

interface TokenBody {
  access_token: string;
  expires_in: number;
}

/**
 * A hint, not a secret: "this browser signed in and has not signed out". Without it no
 * refresh is tried on load, so a visitor who never signed in sees no failed request.
 */
const HINT = "kakeibo.session";

function setHint(on: boolean) {
  try {
    if (on) localStorage.setItem(HINT, "1");
    else localStorage.removeItem(HINT);
  } catch {
    // Storage off: every load tries a refresh instead.
  }
}

function hasHint(): boolean {
  try {
    return localStorage.getItem(HINT) === "1";
  } catch {
    return true;
  }
}

/** Stores a fresh access token (from login, 2FA, register or refresh). */
export function signIn(body: TokenBody) {
  accessToken = body.access_token;
  scheduleRenewal(body.expires_in);
  setHint(true);
  session.set({ status: "signed-in", ended: null });
}

/** Forgets the token. `expired`: the session ended without the person asking. */
export function signOut(reason: SessionState["ended"] = null) {
  accessToken = null;
  if (renewTimer) clearTimeout(renewTimer);
  renewTimer = null;
  setHint(false);
  session.set({ status: "signed-out", ended: reason });
}

/** Renews a minute before the token runs out, so calls rarely meet a 401. */
function scheduleRenewal(expiresInSecs: number) {
  if (renewTimer) clearTimeout(renewTimer);
  const delay = Math.max(10, expiresInSecs - 60) * 1000;
  renewTimer = setTimeout(() => {
    void refreshSession().catch(() => undefined);
  }, delay);
}

export type RefreshOutcome = "renewed" | "denied";

let inflight: Promise<RefreshOutcome> | null = null;

/**
 * One refresh at a time, in this tab and across tabs (Web Locks): a refresh token is
 * single-use, and a second concurrent use would look like a stolen token to the server,
 * which then ends the session. Throws `ServerUnreachableError` when the server is down.
 */
export function refreshSession(): Promise<RefreshOutcome> {
  inflight ??= lockedRefresh().finally(() => {
    inflight = null;
  });
  return inflight;
}

function lockedRefresh(): Promise<RefreshOutcome> {
  // The page's own script already made this call under the lock: only its answer is left.
  const early = takeEarlyRefresh();
  if (early) return callRefresh(early);
  if (typeof navigator !== "undefined" && navigator.locks?.request) {
    return navigator.locks.request("kakeibo-refresh", () => callRefresh()) as unknown as Promise<RefreshOutcome>;
  }
  return callRefresh();
}

async function callRefresh(early?: Promise<Response>): Promise<RefreshOutcome> {
  let response: Response;
  try {
    response = await (early ?? fetch("/api/v1/auth/refresh", {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }));
  } catch (e) {
    reportUnreachable();
    throw new ServerUnreachableError(e);
  }
  if (isGatewayFailure(response)) {
    reportUnreachable();
    throw new ServerUnreachableError();
  }
  reportReachable();
  if (response.ok) {
    signIn((await response.json()) as TokenBody);
    return "renewed";
  }
  return "denied";
}

/** A 502/503/504 that did not come from the API itself (the API answers JSON errors). */
export function isGatewayFailure(response: Response): boolean {
  if (![502, 503, 504].includes(response.status)) return false;
  return !(response.headers.get("content-type") ?? "").includes("application/json");
}

let restore: Promise<void> | null = null;

/** Called once on load: a refresh cookie, if the browser holds one, restores the session. */
export function restoreSession(): Promise<void> {
  restore ??= (async () => {
    if (!hasHint()) {
      signOut();
      return;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await refreshSession();
        // This browser was signed in (the hint says so) and the server said no: the session
        // ended (expired, revoked, or ended everywhere).
        if (outcome === "denied" && session.get().status !== "signed-in") signOut("expired");
        return;
      } catch {
        // The server is down: keep trying, gently; the banner says so meanwhile.
        await new Promise((r) => setTimeout(r, Math.min(30_000, 2_000 * 2 ** attempt)));
      }
    }
  })();
  return restore;
}
