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

export async function logIn(page: Page, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(DEMO.email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(DEMO.password);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Serious and critical axe violations (WCAG 2.x A/AA), as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
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
