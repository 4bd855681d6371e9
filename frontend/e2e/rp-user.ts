import { expect, type APIRequestContext, type Browser, type Page, type PlaywrightWorkerArgs } from "@playwright/test";

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

/** An API client signed in as the spec's user (its own session), to check what the page shows. */
export async function apiAs(request: APIRequestContext) {
  const login = await request.post("/api/v1/auth/login", { data: RP });
  expect(login.ok(), await login.text()).toBeTruthy();
  const { access_token } = (await login.json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${access_token}` };
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

/** The way the page writes money: Intl in English, the amount's own currency. */
export function money(amount: string | number, currency: string, signed = false): string {
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency,
    signDisplay: signed ? "exceptZero" : "auto",
  }).format(typeof amount === "number" ? amount : Number.parseFloat(amount));
}

export type Api = Awaited<ReturnType<typeof apiAs>>;

/**
 * One signed-in page and one API client for a whole spec file: the server limits logins
 * per address (30 failures in 15 minutes, shared with every other test on this machine),
 * so the specs log in twice per file, not per test. Use with `mode: "serial"`.
 */
export async function sharedSession(browser: Browser, playwright: PlaywrightWorkerArgs["playwright"]) {
  const baseURL = process.env.KAKEIBO_URL ?? "http://localhost:8080";
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await logInAs(page);
  const request = await playwright.request.newContext({ baseURL });
  const api = await apiAs(request);
  return {
    page,
    api,
    close: async () => {
      await context.close();
      await request.dispose();
    },
  };
}
