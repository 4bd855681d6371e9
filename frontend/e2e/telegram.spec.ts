import { expect, request, test, type Page, type Route } from "@playwright/test";
import { axeViolations, settle, watchConsole } from "./helpers";

/**
 * Settings → Telegram, as the notifications spec's user (fe21@kakeibo.local).
 *
 * "against the server": runs only when the server answers `GET /api/v1/telegram/link`
 * (the bot's endpoints; a server without them is skipped, with the reason).
 * "the page's states": the API answered by the browser test itself, in the shapes of
 * openapi.json, for what the server can't do without a Telegram chat: a chat linking while
 * the code is on screen, the linked state, unlinking, a code expiring.
 */
const USER = { email: process.env.NOTIF_EMAIL ?? "fe21@kakeibo.local", password: "kakeibo demo" };
const BASE = process.env.KAKEIBO_URL ?? "http://localhost:8080";
const SHOTS = "test-results/telegram";

async function logIn(page: Page) {
  await page.goto("/login?next=%2Fsettings%2Ftelegram");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(USER.email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(USER.password);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await expect(page).toHaveURL(/\/settings\/telegram/);
}

async function shoot(page: Page, name: string) {
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const [w, h] of [
      [1280, 860],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      // A full-page shot of a scrolled page draws the sticky header mid-page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(150);
      await page.screenshot({ path: `${SHOTS}/${name}-${theme}-${w}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 860 });
}

test.describe("against the server", () => {
  test.describe.configure({ mode: "serial" });

  test.beforeAll(async () => {
    const api = await request.newContext({ baseURL: BASE });
    const login = await api.post("/api/v1/auth/login", { data: USER });
    expect(login.ok(), await login.text()).toBeTruthy();
    const token = ((await login.json()) as { access_token: string }).access_token;
    const probe = await api.get("/api/v1/telegram/link", { headers: { Authorization: `Bearer ${token}` } });
    await api.dispose();
    test.skip(
      probe.status() === 404,
      `${BASE} has no GET /api/v1/telegram/link (the bot's endpoints are not on this server): nothing to test against`,
    );
  });

  test("the section shows the link state and asks for a code", async ({ page }) => {
    const errors = watchConsole(page);
    await logIn(page);
    await settle(page);
    const card = page.getByRole("region", { name: "Telegram" }).or(page.locator('[aria-labelledby="telegram-title"]'));
    await expect(card.first()).toBeVisible();
    const linked = page.getByTestId("telegram-linked");
    if ((await linked.count()) === 0) {
      await page.getByTestId("telegram-start").click();
      // A server with a bot answers a code; one without says so (409).
      const code = page.getByTestId("telegram-code");
      await expect(code.or(page.getByTestId("telegram-no-bot"))).toBeVisible();
      if (await code.isVisible()) {
        await expect(page.getByTestId("qr-code")).toBeVisible();
        await expect(page.getByTestId("telegram-deep-link")).toHaveAttribute("href", /^https:\/\/t\.me\/.+\?start=.+/);
        await expect(page.getByTestId("telegram-expiry")).toContainText(/expires in (10:00|9:\d\d)/);
      }
    }
    expect(await axeViolations(page)).toEqual([]);
    expect(errors.filter((e) => !/status of 409 .*\/api\/v1\/telegram\/link-code/.test(e))).toEqual([]);
  });
});

test.describe("against a server without the bot's endpoints", () => {
  test("the section says Telegram is not set up on this server", async ({ page }) => {
    const api = await request.newContext({ baseURL: BASE });
    const login = await api.post("/api/v1/auth/login", { data: USER });
    const token = ((await login.json()) as { access_token: string }).access_token;
    const probe = await api.get("/api/v1/telegram/link", { headers: { Authorization: `Bearer ${token}` } });
    await api.dispose();
    test.skip(probe.status() !== 404, `${BASE} has the bot's endpoints: the test above covers it`);
    const errors = watchConsole(page);
    await logIn(page);
    await settle(page);
    await expect(page.getByTestId("telegram-no-bot")).toContainText("telegram.bot_token");
    expect(await axeViolations(page)).toEqual([]);
    // The browser logs the 404 itself.
    expect(errors.filter((e) => !/status of 404 .*\/api\/v1\/telegram\/link/.test(e))).toEqual([]);
  });
});

test.describe("the page's states", () => {
  test("a code as a QR code with its link, a chat linking, unlink with a confirmation", async ({ page }) => {
    const errors = watchConsole(page);
    let linked = false;
    let codes = 0;
    await page.route("**/api/v1/telegram/link-code", async (route: Route) => {
      codes++;
      const code = `TESTCODE${codes}`;
      await route.fulfill({
        status: 201,
        json: {
          code,
          expires_at: new Date(Date.now() + 10 * 60_000).toISOString(),
          deep_link: `https://t.me/kakeibo_test_bot?start=${code}`,
        },
      });
    });
    await page.route("**/api/v1/telegram/link", async (route: Route) => {
      if (route.request().method() === "DELETE") {
        linked = false;
        await route.fulfill({ status: 204 });
        return;
      }
      await route.fulfill({
        json: linked
          ? { linked: true, chat: { chat_id: 4242, chat_title: "Kim", chat_username: "kim_saves", linked_at: "2025-03-04T08:30:00Z" } }
          : { linked: false, chat: null },
      });
    });
    await logIn(page);
    await settle(page);
    await expect(page.getByTestId("telegram-not-linked")).toBeVisible();
    await shoot(page, "not-linked");

    await page.getByTestId("telegram-start").click();
    const qr = page.getByTestId("qr-code");
    await expect(qr).toBeVisible();
    await expect(qr).toHaveAccessibleName("QR code of the link to Kakeibo's Telegram bot");
    expect(await qr.locator("path").getAttribute("d")).toMatch(/^M\d+ \d+h1v1h-1z/);
    await expect(page.getByTestId("telegram-deep-link")).toHaveAttribute("href", "https://t.me/kakeibo_test_bot?start=TESTCODE1");
    await expect(page.getByTestId("telegram-command")).toHaveText("/start TESTCODE1");
    const expiry = page.getByTestId("telegram-expiry");
    await expect(expiry).toContainText(/expires in (10:00|9:5\d)\./);
    const first = await expiry.textContent();
    await expect(expiry).not.toHaveText(first ?? "");
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, "code");

    // The chat sends /start: the page asks every few seconds and shows it linked.
    linked = true;
    const done = page.getByTestId("telegram-linked");
    await expect(done).toBeVisible({ timeout: 10_000 });
    await expect(done).toContainText("Linked as @kim_saves since");
    await expect(done).toContainText("2025");
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, "linked");

    // Unlink asks first: Escape keeps the link and gives focus back.
    const unlink = page.getByTestId("telegram-unlink");
    await unlink.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("alertdialog", { name: "Unlink this Telegram chat?" });
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(unlink).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Unlink" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("telegram-not-linked")).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("an expired code says so and a new one replaces it", async ({ page }) => {
    const errors = watchConsole(page);
    let codes = 0;
    await page.route("**/api/v1/telegram/link-code", async (route: Route) => {
      codes++;
      await route.fulfill({
        status: 201,
        json: {
          code: `SHORT${codes}`,
          // The first code lives two seconds; the next ten minutes.
          expires_at: new Date(Date.now() + (codes === 1 ? 2_000 : 600_000)).toISOString(),
          deep_link: `https://t.me/kakeibo_test_bot?start=SHORT${codes}`,
        },
      });
    });
    await page.route("**/api/v1/telegram/link", (route: Route) => route.fulfill({ json: { linked: false, chat: null } }));
    await logIn(page);
    await settle(page);
    await page.getByTestId("telegram-start").click();
    await expect(page.getByRole("status").filter({ hasText: "The code expired." })).toBeVisible({ timeout: 5_000 });
    await expect(page.getByTestId("telegram-deep-link")).toBeDisabled();
    await page.getByTestId("telegram-renew").click();
    await expect(page.getByTestId("telegram-command")).toHaveText("/start SHORT2");
    await expect(page.getByTestId("telegram-deep-link")).toHaveAttribute("href", /SHORT2$/);
    expect(errors).toEqual([]);
  });

  test("a server without a bot says so", async ({ page }) => {
    const errors = watchConsole(page);
    await page.route("**/api/v1/telegram/link-code", (route: Route) =>
      route.fulfill({ status: 409, json: { error: { code: "conflict", message: "no bot", details: null } } }),
    );
    await page.route("**/api/v1/telegram/link", (route: Route) => route.fulfill({ json: { linked: false, chat: null } }));
    await logIn(page);
    await settle(page);
    await page.getByTestId("telegram-start").click();
    await expect(page.getByTestId("telegram-no-bot")).toContainText("telegram.bot_token");
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });
});
