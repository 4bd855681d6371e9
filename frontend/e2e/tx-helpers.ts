/**
 * Helpers of the transactions and import specs: a fresh user with the demo bank's history
 * (`kakeibo demo --email …`, so the shared demo user's data is never touched), logging in
 * as them, and calls to the API for setting up and checking.
 *
 * `kakeibo demo` needs the server's database settings in the environment:
 * `set -a; source /work/main/.data/env; set +a` (or `KAKEIBO_CONFIG`). `KAKEIBO_BIN` names
 * the binary (`/work/bin/kakeibo` by default).
 */
import { execFileSync } from "node:child_process";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const PASSWORD = "kakeibo demo";
const BIN = process.env.KAKEIBO_BIN ?? "/work/bin/kakeibo";

/** A new user with two years of demo-bank history, categorized by the running workers. */
export function demoUser(prefix: string): string {
  const email = `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@kakeibo.local`;
  // The binary reads every KAKEIBO_* variable as configuration: the tests' own stay out.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["KAKEIBO_URL", "KAKEIBO_BIN", "KAKEIBO_BENCH"]) delete env[k];
  execFileSync(BIN, ["demo", "--email", email, "--password", PASSWORD], { stdio: "pipe", timeout: 120_000, env });
  return email;
}

export async function logInAs(page: Page, email: string, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(PASSWORD);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  // Password hashing and a busy shared database can make this slow.
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

/** An access token for the API, for setting up and checking beside the browser. */
export async function token(request: APIRequestContext, email: string): Promise<string> {
  const r = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  expect(r.ok()).toBeTruthy();
  return ((await r.json()) as { access_token: string }).access_token;
}

export async function apiGet<T>(request: APIRequestContext, auth: string, path: string): Promise<T> {
  const r = await request.get(path, { headers: { authorization: `Bearer ${auth}` } });
  expect(r.ok(), `${path}: ${r.status()}`).toBeTruthy();
  return (await r.json()) as T;
}

export interface ApiTx {
  id: string;
  account_id: string;
  booked_at: string;
  amount: string;
  currency: string;
  description: string;
  payee: string;
  merchant: string | null;
  category_id: string | null;
  category_source: string | null;
  needs_review: boolean;
  transfer_id: string | null;
}

/** Waits until the categorizer has seen the user's rows (none left without a verdict). */
export async function waitForCategorizer(request: APIRequestContext, auth: string, timeoutMs = 90_000) {
  const started = Date.now();
  for (;;) {
    const page = await apiGet<{ transactions: ApiTx[] }>(request, auth, "/api/v1/transactions?limit=200");
    const unseen = page.transactions.filter((t) => !t.category_id && !t.needs_review);
    if (page.transactions.length > 0 && unseen.length === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`categorizer did not finish: ${unseen.length} rows unseen`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
