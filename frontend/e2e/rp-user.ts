import { expect, request, type APIRequestContext, type Browser, type Page } from "@playwright/test";

/**
 * The reports and rules specs' own user (never the shared demo user): made once with
 * `kakeibo demo --email rp@kakeibo.local --password 'kakeibo demo'`, a verified user with
 * its own demo bank. `RP_EMAIL` picks another.
 */
export const RP = { email: process.env.RP_EMAIL ?? "rp@kakeibo.local", password: process.env.RP_PASSWORD ?? "kakeibo demo" };

export async function logInAs(page: Page, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(RP.email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(RP.password);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** The way the page writes money: Intl in English, the amount's own currency. */
export function money(amount: string | number, currency: string, signed = false): string {
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency,
    signDisplay: signed ? "exceptZero" : "auto",
  }).format(typeof amount === "number" ? amount : Number.parseFloat(amount));
}

export type Api = ReturnType<typeof apiWith>;

/** An API client that sends `token` (no login of its own). */
function apiWith(request: APIRequestContext, token: string) {
  const headers = { Authorization: `Bearer ${token}` };
  return {
    async get<T>(path: string): Promise<T> {
      const r = await request.get(path, { headers });
      expect(r.ok(), `${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
      return (await r.json()) as T;
    },
    async send<T>(method: "POST" | "PATCH" | "DELETE", path: string, data?: unknown): Promise<T> {
      const r = await request.fetch(path, { method, headers, data });
      expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
      return (r.status() === 204 ? undefined : await r.json()) as T;
    },
  };
}

/**
 * One signed-in page and one API client for a whole spec file (the tests run in order, in
 * one worker). Two sessions: the page's, from the login form, and the API client's, from a
 * login of its own in a separate cookie jar, so the two never use the same refresh token (a
 * refresh token used twice ends its session as stolen). Only failed logins count towards
 * the server's limits, so each spec file logs in afresh.
 */
export async function sharedSession(browser: Browser) {
  const baseURL = process.env.KAKEIBO_URL ?? "http://localhost:8080";
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await logInAs(page);
  await expect(page.getByRole("navigation", { name: /Main|Hauptmenü/ })).toBeVisible();
  const apiContext = await request.newContext({ baseURL });
  const login = await apiContext.post("/api/v1/auth/login", { data: RP });
  expect(login.ok(), await login.text()).toBeTruthy();
  const { access_token } = (await login.json()) as { access_token: string };
  return {
    page,
    api: apiWith(apiContext, access_token),
    close: async () => {
      await apiContext.dispose();
      await context.close();
    },
  };
}
