import { expect, test } from "@playwright/test";

/**
 * The overview's insights read as sentences in the user's language: months and days in
 * words, amounts as the locale writes money. A user of its own (made by e2e.sh with the demo
 * bank's history), because the spec switches its language.
 */
const USER = { email: process.env.INSIGHTS_EMAIL ?? "in@kakeibo.local", password: "kakeibo demo" };

test("insights are written in the user's language, with formatted amounts and months", async ({ page }) => {
  test.setTimeout(120_000);
  const login = await page.request.post("/api/v1/auth/login", { data: USER });
  expect(login.ok(), await login.text()).toBeTruthy();
  const { access_token } = (await login.json()) as { access_token: string };
  const setLocale = async (locale: string) => {
    const r = await page.request.patch("/api/v1/me", {
      headers: { Authorization: `Bearer ${access_token}` },
      data: { locale },
    });
    expect(r.ok(), await r.text()).toBeTruthy();
  };

  await setLocale("en-GB");
  await page.goto("/login");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(USER.email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(USER.password);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);

  const insights = page.getByTestId("insights").getByTestId("insight");
  await expect(insights.first()).toBeVisible({ timeout: 60_000 });
  const english = await insights.locator("p.text-sm").allTextContents();
  for (const sentence of english) {
    expect(sentence, "no ISO month or day").not.toMatch(/\b\d{4}-\d{2}\b/);
    expect(sentence, "money as the locale writes it").not.toMatch(/\bEUR\b/);
    expect(sentence, "no zero baseline").not.toMatch(/usual €0\.00/);
  }
  expect(english.some((s) => /€\d/.test(s)), english.join("\n")).toBeTruthy();

  await setLocale("de-DE");
  await page.reload();
  await expect(page.getByRole("navigation", { name: "Hauptmenü" })).toBeVisible();
  await expect(insights.first()).toBeVisible();
  const german = await insights.locator("p.text-sm").allTextContents();
  expect(german.length).toBe(english.length);
  for (const sentence of german) {
    expect(sentence).not.toMatch(/\b\d{4}-\d{2}\b/);
    expect(sentence).not.toMatch(/\b(above|went up|payment|Unusually)\b/);
  }
  expect(german.some((s) => /\d,\d{2}\s€/.test(s)), german.join("\n")).toBeTruthy();
  await setLocale("en-GB");
});
