/**
 * The session restore's first request, and the overview's first reads, started by an
 * inline script in the page's <head> while the app's JavaScript is still downloading: the
 * overview's figures wait on the access token and then on these reads, so this takes the
 * bundle's load and first render off that chain. The app picks each response up once
 * (`takeEarlyRefresh`, `takeEarlyGet`); the server's CSP allows the script by its hash.
 *
 * The refresh holds the same Web Lock as `refreshSession` until its response headers (and
 * so the rotated cookie) arrive, because a refresh token is single-use across tabs.
 */
const REFRESH = "__kakeiboEarlyRefresh";
const GETS = "__kakeiboEarlyGets";

/**
 * What the page at each path reads first, exactly as the typed client asks for it (same
 * path and query), or the early answer goes unused: `e2e/auth.spec.ts` checks that
 * each is used once and none is left over.
 */
export const EARLY_GETS: Record<string, string[]> = {
  "/": ["/api/v1/me", "/api/v1/accounts", "/api/v1/analytics/summary?level=top"],
};
const EVERY_PAGE = ["/api/v1/me"];

export const EARLY_REFRESH_SCRIPT = `(function(){try{
if(localStorage.getItem("kakeibo.session")!=="1")return;
var call=function(){return fetch("/api/v1/auth/refresh",{method:"POST",credentials:"same-origin",headers:{Accept:"application/json"}})};
var l=navigator.locks;
var refresh=l&&l.request?new Promise(function(ok,fail){l.request("kakeibo-refresh",function(){var r=call();r.then(ok,fail);return r.catch(function(){})}).catch(fail)}):call();
window.${REFRESH}=refresh;
var token=refresh.then(function(r){return r.ok?r.clone().json().then(function(b){return b.access_token}):null});
var gets=${JSON.stringify(EARLY_GETS)}[location.pathname]||${JSON.stringify(EVERY_PAGE)};
var m={};
gets.forEach(function(u){m[u]=token.then(function(t){return t?fetch(u,{credentials:"same-origin",headers:{Accept:"application/json",Authorization:"Bearer "+t}}):null});m[u].catch(function(){})});
window.${GETS}=m;
}catch(e){}})()`;

type Holder = Record<string, unknown>;

function holder(): Holder | null {
  return typeof window === "undefined" ? null : (window as unknown as Holder);
}

/** The early refresh's response, once; later calls (and pages without it) get null. */
export function takeEarlyRefresh(): Promise<Response> | null {
  const h = holder();
  const early = (h?.[REFRESH] as Promise<Response> | undefined) ?? null;
  if (h) delete h[REFRESH];
  return early;
}

/**
 * The early answer to this GET, once. Resolves to null when there is none to use: the
 * refresh was denied, or the network failed (the caller then asks again itself).
 */
export function takeEarlyGet(request: Request): Promise<Response | null> | null {
  if (request.method !== "GET") return null;
  const gets = holder()?.[GETS] as Record<string, Promise<Response | null>> | undefined;
  if (!gets) return null;
  const url = new URL(request.url, location.href);
  const key = url.pathname + url.search;
  const early = gets[key];
  if (!early) return null;
  delete gets[key];
  return early.catch(() => null);
}
