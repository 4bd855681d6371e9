import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

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
 * one worker). The server limits logins per address (30 failed ones in 15 minutes, shared
 * with every other test on this machine), so the session is kept between runs: the browser
 * state (the refresh cookie and the "signed in before" flag) is saved at the end and used
 * next time; only when that session has ended does the spec log in. The API client's token
 * comes from the same session (one refresh, before the page loads, so the two never race
 * for the same refresh token).
 */
export async function sharedSession(browser: Browser) {
  const baseURL = process.env.KAKEIBO_URL ?? "http://localhost:8080";
  const file = path.join(os.tmpdir(), `kakeibo-e2e-${RP.email}-${new URL(baseURL).host.replace(/[^\w.-]/g, "_")}.json`);
  const stored = fs.existsSync(file) ? file : undefined;
  let context = await browser.newContext({ baseURL, storageState: stored });
  let refreshed = await context.request.post("/api/v1/auth/refresh", { headers: { Accept: "application/json" } });
  let page = await context.newPage();
  if (!refreshed.ok()) {
    await context.close();
    context = await browser.newContext({ baseURL });
    page = await context.newPage();
    await logInAs(page);
    refreshed = await context.request.post("/api/v1/auth/refresh", { headers: { Accept: "application/json" } });
    expect(refreshed.ok(), await refreshed.text()).toBeTruthy();
  }
  const { access_token } = (await refreshed.json()) as { access_token: string };
  await page.goto("/");
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole("navigation", { name: /Main|Hauptmenü/ })).toBeVisible();
  return {
    page,
    api: apiWith(context.request, access_token),
    close: async () => {
      await context.storageState({ path: file });
      await context.close();
    },
  };
}
