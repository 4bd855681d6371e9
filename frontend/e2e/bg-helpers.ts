/**
 * Helpers of the budgets, banks and settings specs: their own users, the outbox, pictures.
 *
 * They need `kakeibo demo --email bg@kakeibo.local --password 'kakeibo demo'` (or BG_EMAIL)
 * and sign up throwaway users of their own (the verification mail is read from OUTBOX_DIR,
 * `:`-separated folders). Run: `KAKEIBO_URL=… npm run test:e2e -- e2e/budgets.spec.ts
 * e2e/banks.spec.ts e2e/settings.spec.ts`; `SCREENSHOTS=1` adds pictures in e2e/screenshots/.
 */
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

export const BG = { email: process.env.BG_EMAIL ?? "bg@kakeibo.local", password: "kakeibo demo" };
/**
 * Where mails land, as `:`-separated folders: the API process that signs up writes nothing
 * itself; the job worker that sends the mail writes to its own outbox (the shared one here).
 */
export const OUTBOXES = (process.env.OUTBOX_DIR ?? "/tmp/bg-outbox:/tmp/shared-outbox").split(":").filter(Boolean);

/**
 * A client address of these specs' own: a server run with `server.trust_proxy_headers`
 * counts their logins and sign-ups apart from other tests on this machine (others ignore it).
 */
export const CLIENT_IP = `10.82.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
export const OWN_CLIENT = { extraHTTPHeaders: { "x-forwarded-for": CLIENT_IP } };

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@kakeibo.local`;
}

export async function logInAs(page: Page, user: { email: string; password: string }, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(user.email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(user.password);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Ends the session through the user menu (so test runs leave no sessions behind). */
export async function logOut(page: Page) {
  // A dialog left open would cover the menu.
  await page.keyboard.press("Escape");
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: /^(Log out|Abmelden)$/ }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** A picture of what is on screen now, when `SCREENSHOTS=1` (for states a URL cannot open). */
export async function snapshot(page: Page, name: string) {
  if (!process.env.SCREENSHOTS) return;
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${new URL("./screenshots/", import.meta.url).pathname}bg_${name}.png` });
}

/** A new user, signed up through the API (not verified). */
export async function registerByApi(request: APIRequestContext, prefix: string) {
  const user = { email: uniqueEmail(prefix), password: "kakeibo demo e2e" };
  const response = await request.post("/api/v1/auth/register", {
    data: { email: user.email, password: user.password, display_name: prefix },
    headers: OWN_CLIENT.extraHTTPHeaders,
  });
  expect(response.status(), await response.text()).toBe(201);
  return user;
}

/** Quoted-printable, as the outbox writes the mails' bodies. */
function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The path and query of the verification link mailed to `email` (waits for the mail). */
export async function verificationLink(email: string, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const files = (
      await Promise.all(
        OUTBOXES.map(async (dir) => {
          const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".eml"));
          return Promise.all(names.map(async (n) => ({ path: join(dir, n), mtime: (await stat(join(dir, n))).mtimeMs })));
        }),
      )
    ).flat();
    for (const file of files.sort((a, b) => b.mtime - a.mtime)) {
      const text = decodeQuotedPrintable(await readFile(file.path, "utf8"));
      if (!new RegExp(`^To: ${email.replace(/[.+]/g, "\\$&")}$`, "m").test(text)) continue;
      const link = /https?:\/\/[^\s]+\/verify-email\?token=[\w-]+/.exec(text)?.[0];
      if (link) {
        const url = new URL(link);
        return `${url.pathname}${url.search}`;
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no verification mail for ${email} in ${OUTBOXES.join(", ")}`);
}

const shots = new URL("./screenshots/", import.meta.url).pathname;

/**
 * Pictures to look at, light and dark, desktop and 390 px wide: `SCREENSHOTS=1`. `prepare`
 * runs after each load (open a section, wait for data).
 */
export async function screenshots(
  page: Page,
  name: string,
  path: string,
  prepare?: () => Promise<void>,
  { fullPage = true }: { fullPage?: boolean } = {},
) {
  if (!process.env.SCREENSHOTS) return;
  for (const theme of ["light", "dark"] as const) {
    for (const [label, width, height] of [
      ["desktop", 1280, 900],
      ["mobile", 390, 844],
    ] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width, height });
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      if (prepare) await prepare();
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${shots}bg_${name}_${theme}_${label}.png`, fullPage });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}
