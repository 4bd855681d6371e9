import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const DEMO = { email: "demo@kakeibo.local", password: "kakeibo demo" };

export const SIGNED_OUT_PAGES = ["/login", "/register", "/verify-email", "/forgot-password", "/reset-password"];
export const SIGNED_IN_PAGES = [
  "/",
  "/transactions",
  "/import",
  "/banks",
  "/budgets",
  "/reports",
  "/rules",
  "/settings",
];

/** Console errors and uncaught exceptions of a page, collected from now on. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`${msg.text()} @ ${msg.location().url}`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

/**
 * Logs the demo user in through the form. The server allows 10 logins per account per 15
 * minutes: when it says to wait (429), this waits as told (up to `maxWaitSecs`) and tries
 * once more.
 */
export async function logIn(page: Page, next?: string, maxWaitSecs = 0) {
  for (let attempt = 0; ; attempt++) {
    await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
    await page.getByLabel(/^(E-mail|E-Mail)$/).fill(DEMO.email);
    await page.getByLabel(/^(Password|Passwort)$/).fill(DEMO.password);
    await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
    const limited = page.getByRole("alert").filter({ hasText: /Too many attempts/ });
    await expect(page.getByTestId("month-stats").or(page.locator("main h1").filter({ hasNotText: /^Log in$/ })).or(limited).first()).toBeVisible();
    if (attempt === 0 && (await limited.count()) > 0) {
      const secs = waitSecs((await limited.textContent()) ?? "");
      if (secs <= maxWaitSecs) {
        await page.waitForTimeout((secs + 1) * 1000);
        continue;
      }
    }
    await expect(page).not.toHaveURL(/\/login/);
    return;
  }
}

/** The wait a "Too many attempts" message names, in seconds (minutes from a minute on). */
export function waitSecs(message: string): number {
  const [, count, unit] = /in (\d+|a) (second|minute)/.exec(message) ?? [];
  if (!unit) return 60;
  return (count === "a" ? 1 : Number(count)) * (unit === "minute" ? 60 : 1);
}

/** Serious and critical axe violations (WCAG 2.x A/AA), as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    // A frame sandboxed without scripts (the e-mail preview) cannot run axe: going into it
    // hangs the analysis. The e-mail's own HTML is looked at in its own tests.
    .exclude("iframe[sandbox]")
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Waits until the page has settled: no skeletons, no pending requests. */
export async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

export async function setTheme(page: Page, theme: "light" | "dark") {
  await page.emulateMedia({ colorScheme: theme });
}
