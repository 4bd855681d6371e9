/**
 * Helpers of the privacy specs: a browser of the spec's own, a user's bearer token, and the
 * e2e database through psql, for what no endpoint can stage (an export past its expiry, a
 * request no worker has taken yet). deploy/local/e2e.sh exports KAKEIBO_DATABASE__URL.
 */
import { execFileSync } from "node:child_process";
import { expect, type APIRequestContext, type Browser, type Page, type TestInfo } from "@playwright/test";
import { OWN_CLIENT } from "./bg-helpers";

export async function freshPage(browser: Browser, info: TestInfo): Promise<Page> {
  const context = await browser.newContext({ baseURL: info.project.use.baseURL, ...OWN_CLIENT });
  return context.newPage();
}

export async function bearer(request: APIRequestContext, user: { email: string; password: string }) {
  const login = await request.post("/api/v1/auth/login", { data: user, headers: OWN_CLIENT.extraHTTPHeaders });
  expect(login.status(), await login.text()).toBe(200);
  const body = (await login.json()) as { access_token?: string; challenge_token?: string; deletion_cancelled?: boolean };
  return { body, headers: { Authorization: `Bearer ${body.access_token}`, ...OWN_CLIENT.extraHTTPHeaders } };
}

/** A cash account of `user`'s, made through the API; answers its id. */
export async function cashAccount(request: APIRequestContext, api: { headers: Record<string, string> }, name: string) {
  const made = await request.post("/api/v1/accounts", { headers: api.headers, data: { name, kind: "cash", currency: "EUR" } });
  expect(made.status(), await made.text()).toBe(201);
  return ((await made.json()) as { id: string }).id;
}

/**
 * Runs `query` on the e2e database; `vars` become psql variables (`:'name'` in the query,
 * quoted by psql). Answers the rows' first column, one per line.
 */
export function sql(query: string, vars: Record<string, string> = {}): string {
  const url = process.env.KAKEIBO_DATABASE__URL;
  if (!url) throw new Error("KAKEIBO_DATABASE__URL must name the e2e database (deploy/local/e2e.sh exports it)");
  const args = [url, "-XAtq", "-v", "ON_ERROR_STOP=1"];
  for (const [name, value] of Object.entries(vars)) args.push("-v", `${name}=${value}`);
  return execFileSync("psql", args, { input: query, encoding: "utf8", timeout: 30_000 }).trim();
}
