import { expect, request, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { axeViolations, settle, watchConsole } from "./helpers";

/**
 * The bell and its in-app feed, and Settings → Notifications, as their own user (never the
 * shared demo user): made once with `kakeibo demo --email fe21@kakeibo.local --password
 * 'kakeibo demo'` (deploy/local/e2e.sh does). Each run imports a few payments dated in 2024
 * above a 1.00 EUR large-payment threshold, so the feed has fresh unread alerts and more
 * than one page, whatever today's date is.
 */
const USER = { email: process.env.NOTIF_EMAIL ?? "fe21@kakeibo.local", password: "kakeibo demo" };
const BASE = process.env.KAKEIBO_URL ?? "http://localhost:8080";
const SHOTS = "test-results/notifications";
const FEED_PAGE = 20;
const NEW_ALERTS = 25;

test.describe.configure({ mode: "serial" });

interface FeedItem {
  id: string;
  title: string;
  created_at: string;
  read_at: string | null;
}
interface Feed {
  notifications: FeedItem[];
  unread: number;
  next_cursor: string | null;
}
interface Me {
  time_zone: string;
  locale: string;
}

let api: APIRequestContext;
let auth: Record<string, string>;
let page: Page;
let errors: string[];
let original: unknown;

async function apiGet<T>(path: string): Promise<T> {
  const r = await api.get(path, { headers: auth });
  expect(r.ok(), `${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
  return (await r.json()) as T;
}

async function apiSend<T>(method: "POST" | "PUT", path: string, data: unknown): Promise<T> {
  const r = await api.fetch(path, { method, headers: auth, data });
  expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
  return (await r.json()) as T;
}

/** New unread large-payment alerts: an import of payments above a 1.00 EUR threshold. */
async function seedAlerts() {
  const before = await apiGet<Feed>("/api/v1/notifications?limit=1");
  const accounts = await apiGet<{ id: string; name: string }[]>("/api/v1/accounts");
  let account = accounts.find((a) => a.name === "Alerts test");
  if (!account) {
    account = await apiSend<{ id: string; name: string }>("POST", "/api/v1/accounts", {
      name: "Alerts test",
      kind: "checking",
      currency: "EUR",
    });
  }
  await apiSend("PUT", "/api/v1/notifications/preferences", { large_transaction: [{ currency: "EUR", amount: "1.00" }] });
  const run = Date.now().toString(36);
  const stamp = 100 + (Math.floor(Date.now() / 1000) % 100_000) / 100;
  const lines = ["Date,Payee,Amount,Description"];
  for (let i = 0; i < NEW_ALERTS; i++) {
    const day = `2024-0${1 + (i % 9)}-${String(1 + i).padStart(2, "0")}`;
    // The import matches rows by day and amount: amounts unique to this run.
    lines.push(`${day},Alert shop ${run}-${i},-${(stamp + i * 7).toFixed(2)},Test payment ${i}`);
  }
  const mapping = {
    delimiter: 44,
    has_header: true,
    encoding: "utf8",
    date_column: "Date",
    date_format: "%Y-%m-%d",
    amount: { kind: "single", column: "Amount" },
    decimal_mark: "point",
    payee_column: "Payee",
    description_column: "Description",
  };
  const imported = await api.post("/api/v1/imports", {
    headers: auth,
    multipart: {
      file: { name: "alerts.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n") + "\n") },
      account_id: account.id,
      options: JSON.stringify({ format: "csv", csv_mapping: mapping }),
    },
    timeout: 120_000,
  });
  expect(imported.status(), await imported.text()).toBe(201);
  await apiSend("PUT", "/api/v1/notifications/preferences", { large_transaction: [] });
  // The workers write the in-app rows.
  await expect
    .poll(async () => (await apiGet<Feed>("/api/v1/notifications?limit=1")).unread, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(before.unread + NEW_ALERTS);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  api = await request.newContext({ baseURL: BASE });
  const login = await api.post("/api/v1/auth/login", { data: USER });
  expect(login.ok(), `log in as ${USER.email}: ${await login.text()}`).toBeTruthy();
  auth = { Authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` };
  original = await apiGet("/api/v1/notifications/preferences");
  await seedAlerts();
  const context = await browser.newContext({ baseURL: BASE });
  page = await context.newPage();
  errors = watchConsole(page);
  await page.goto("/login");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(USER.email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(USER.password);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole("navigation", { name: /Main|Hauptmenü/ })).toBeVisible();
});

test.afterAll(async () => {
  // Leave the user's preferences as they were (thresholds included).
  if (original && api) {
    const o = original as Record<string, unknown> & { quiet_hours: { enabled: boolean; start: string; end: string }; digest_time: string };
    await api.put("/api/v1/notifications/preferences", {
      headers: auth,
      data: {
        channels: o.channels,
        quiet_hours: { ...o.quiet_hours, start: o.quiet_hours.start.slice(0, 5), end: o.quiet_hours.end.slice(0, 5) },
        delivery: o.delivery,
        digest_time: o.digest_time.slice(0, 5),
        large_transaction: o.large_transaction,
        low_balance: o.low_balance,
      },
    });
  }
  await page?.context().close();
  await api?.dispose();
});

const bell = () => page.getByTestId("notification-bell");
const panel = () => page.getByTestId("notification-panel");
const items = () => panel().getByTestId("notification-item");

async function unreadInLabel(): Promise<number> {
  const label = (await bell().getAttribute("aria-label")) ?? "";
  if (/none unread/.test(label)) return 0;
  return Number(/(\d+) unread/.exec(label)?.[1] ?? "NaN");
}

async function shoot(name: string, target: Locator | Page = page, fullPage = true) {
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
      await target.screenshot({ path: `${SHOTS}/${name}-${theme}-${w}.png`, ...(target === page ? { fullPage } : {}) });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 860 });
}

test("the bell says the unread count and opens the feed, newest first, in the user's time zone", async () => {
  const me = await apiGet<Me>("/api/v1/me");
  await page.goto("/");
  // The server's workers may still be writing this user's alerts (the demo history's own, such
  // as rows left to categorize): compare with the feed as it is once the two agree.
  let feed = await apiGet<Feed>(`/api/v1/notifications?limit=${FEED_PAGE}`);
  await expect(async () => {
    feed = await apiGet<Feed>(`/api/v1/notifications?limit=${FEED_PAGE}`);
    await page.reload();
    await expect(bell()).toHaveAccessibleName(`Notifications, ${feed.unread} unread`, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("notification-count")).toHaveText(feed.unread > 99 ? "99+" : String(feed.unread));
  await shoot("header-badge", page.locator("header"));
  await bell().click();
  await expect(panel()).toBeVisible();
  await expect(panel().getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(items()).toHaveCount(FEED_PAGE);
  await expect(panel().getByTestId("notification-unread")).toHaveText(`${feed.unread} unread`);
  const first = feed.notifications[0]!;
  await expect(items().first()).toContainText(first.title);
  const when = new Intl.DateTimeFormat(me.locale, { dateStyle: "medium", timeStyle: "short", timeZone: me.time_zone }).format(
    new Date(first.created_at),
  );
  await expect(items().first().locator("time")).toHaveText(when);
  await expect(items().first().locator("time")).toHaveAttribute("datetime", first.created_at);
  // The newest are the unread alerts just made, marked as such.
  await expect(items().first()).toHaveAttribute("data-unread", "true");
  await expect(items().first()).toContainText("Unread");
  expect(await axeViolations(page)).toEqual([]);
});

test("load more brings the next page of the feed", async () => {
  const all = await apiGet<Feed>(`/api/v1/notifications?limit=200`);
  const more = panel().getByTestId("notification-more");
  await expect(more).toBeVisible();
  await more.click();
  await expect(items()).toHaveCount(Math.min(all.notifications.length, FEED_PAGE * 2));
  await expect(items().nth(FEED_PAGE)).toContainText(all.notifications[FEED_PAGE]!.title);
});

test("marking one read updates the count", async () => {
  const before = await unreadInLabel();
  expect(before).toBeGreaterThan(2);
  const row = items().first();
  await row.getByTestId("notification-mark-read").click();
  await expect(row).toHaveAttribute("data-unread", "false");
  await expect(row.getByTestId("notification-mark-read")).toHaveCount(0);
  // The page behind the open panel is hidden from assistive technology: read the label.
  await expect(bell()).toHaveAttribute("aria-label", `Notifications, ${before - 1} unread`);
  await expect(panel().getByTestId("notification-unread")).toHaveText(`${before - 1} unread`);
  expect((await apiGet<Feed>("/api/v1/notifications?limit=1")).unread).toBe(before - 1);
  // Shots with unread alerts, before all are read.
  await shoot("bell-feed", page, false);
});

test("opening an unread notification marks it read and goes to its page", async () => {
  const before = await unreadInLabel();
  const row = panel().locator('[data-testid="notification-item"][data-unread="true"]').first();
  const link = row.getByRole("link");
  await expect(link).toHaveAttribute("href", "/transactions");
  await link.click();
  await expect(panel()).toBeHidden();
  await expect(page).toHaveURL(/\/transactions/);
  await expect(bell()).toHaveAccessibleName(`Notifications, ${before - 1} unread`);
});

test("mark all read empties the count", async () => {
  await bell().click();
  await expect(items().first()).toBeVisible();
  await panel().getByTestId("mark-all-read").click();
  await expect(bell()).toHaveAttribute("aria-label", "Notifications, none unread");
  await expect(panel().getByTestId("notification-unread")).toHaveText("0 unread");
  await expect(panel().getByTestId("mark-all-read")).toBeDisabled();
  await expect(panel().locator('[data-unread="true"]')).toHaveCount(0);
  await expect(page.getByTestId("notification-count")).toHaveCount(0);
  expect((await apiGet<Feed>("/api/v1/notifications?limit=1")).unread).toBe(0);
  await page.keyboard.press("Escape");
  await expect(panel()).toBeHidden();
  await expect(bell()).toHaveAccessibleName("Notifications, none unread");
});

test("the bell works from the keyboard alone", async () => {
  await page.goto("/");
  await settle(page);
  await page.keyboard.press("Tab"); // skip link
  let guard = 0;
  while (!(await bell().evaluate((el) => el === document.activeElement)) && guard++ < 20) await page.keyboard.press("Tab");
  await expect(bell()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(panel()).toBeVisible();
  // Focus is inside the panel and stays there.
  await expect.poll(() => panel().evaluate((el) => el.contains(document.activeElement))).toBe(true);
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press("Tab");
    expect(await panel().evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(panel()).toBeHidden();
  await expect(bell()).toBeFocused();
});

test("preferences: a round trip of toggles, quiet hours, delivery and thresholds", async () => {
  await page.goto("/settings/notifications");
  await settle(page);
  const form = page.getByTestId("notification-preferences");
  await expect(form).toBeVisible();
  const emailBudget = form.getByRole("checkbox", { name: "Budget thresholds: E-mail" });
  const wasOn = await emailBudget.isChecked();
  await emailBudget.setChecked(!wasOn);
  const tgAnomaly = form.getByRole("checkbox", { name: "Unusual spending: Telegram" });
  const tgWas = await tgAnomaly.isChecked();
  await tgAnomaly.setChecked(!tgWas);
  await form.getByLabel("Hold alerts during quiet hours").check();
  await form.getByLabel("From").fill("21:30");
  await form.getByLabel("Until").fill("06:45");
  await form.getByTestId("delivery-daily_digest").check();
  await form.getByLabel("Digest time").fill("07:15");
  await form.getByTestId("add-large").click();
  await form.locator("#large-0-currency").fill("EUR");
  await form.locator("#large-0-amount").fill("750");
  await form.getByTestId("add-large").click();
  await form.locator("#large-1-currency").fill("usd");
  await form.locator("#large-1-amount").fill("1000,50");
  await form.getByTestId("add-low").click();
  const account = await form.locator("#low-0-account").inputValue();
  expect(account).not.toBe("");
  await form.locator("#low-0-amount").fill("50.5");
  await form.getByTestId("save-preferences").click();
  await expect(form.getByRole("status")).toHaveText("Notification settings saved.");

  const saved = await apiGet<{
    channels: Record<string, Record<string, boolean>>;
    quiet_hours: { enabled: boolean; start: string; end: string };
    delivery: string;
    digest_time: string;
    large_transaction: { currency: string; amount: string }[];
    low_balance: { account_id: string; amount: string }[];
  }>("/api/v1/notifications/preferences");
  expect(saved.channels.budget_threshold!.email).toBe(!wasOn);
  expect(saved.channels.anomaly!.telegram).toBe(!tgWas);
  expect(saved.quiet_hours.enabled).toBe(true);
  expect(saved.quiet_hours.start.slice(0, 5)).toBe("21:30");
  expect(saved.quiet_hours.end.slice(0, 5)).toBe("06:45");
  expect(saved.delivery).toBe("daily_digest");
  expect(saved.digest_time.slice(0, 5)).toBe("07:15");
  expect(saved.large_transaction.map((l) => [l.currency, Number(l.amount)]).sort()).toEqual([
    ["EUR", 750],
    ["USD", 1000.5],
  ]);
  expect(saved.low_balance.map((l) => [l.account_id, Number(l.amount)])).toEqual([[account, 50.5]]);

  await page.reload();
  await settle(page);
  await expect(emailBudget).toBeChecked({ checked: !wasOn });
  await expect(tgAnomaly).toBeChecked({ checked: !tgWas });
  await expect(form.getByLabel("Hold alerts during quiet hours")).toBeChecked();
  await expect(form.getByLabel("From")).toHaveValue("21:30");
  await expect(form.getByLabel("Until")).toHaveValue("06:45");
  await expect(form.getByTestId("delivery-daily_digest")).toBeChecked();
  await expect(form.getByLabel("Digest time")).toHaveValue("07:15");
  await expect(form.getByTestId("large-row")).toHaveCount(2);
  await expect(form.locator("#low-0-account")).toHaveValue(account);
  await expect(form.locator("#low-0-amount")).toHaveValue("50.50");
  const large = await form.getByTestId("large-row").evaluateAll((rows) =>
    rows.map((r) => Array.from(r.querySelectorAll("input"), (i) => i.value).join(" ")),
  );
  expect(large.sort()).toEqual(["EUR 750", "USD 1000.50"]);
  await shoot("preferences");
});

test("the server's 422 shows beside its field; the client's checks beside theirs", async () => {
  const form = page.getByTestId("notification-preferences");
  // Start and end the same: the server's rule.
  await form.getByLabel("From").fill("23:00");
  await form.getByLabel("Until").fill("23:00");
  await form.getByTestId("save-preferences").click();
  await expect(form.locator("#quiet-end-error")).toHaveText("must differ from the start");
  await expect(form.getByLabel("Until")).toHaveAttribute("aria-invalid", "true");
  await shoot("preferences-422");
  // A zero threshold: caught before sending.
  await form.locator("#large-0-amount").fill("0");
  await form.getByTestId("save-preferences").click();
  await expect(form.locator("#large-0-amount-error")).toHaveText("Must be more than 0.");
  await page.reload();
  await settle(page);
  // Nothing of it was saved.
  await expect(form.getByLabel("Until")).toHaveValue("06:45");
});

test("the preferences table works from the keyboard alone", async () => {
  const form = page.getByTestId("notification-preferences");
  const first = form.getByRole("checkbox", { name: "Budget thresholds: In the app" });
  const next = form.getByRole("checkbox", { name: "Budget thresholds: E-mail" });
  await first.focus();
  const was = await first.isChecked();
  await page.keyboard.press("Space");
  await expect(first).toBeChecked({ checked: !was });
  await page.keyboard.press("Tab");
  await expect(next).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Space");
  await expect(first).toBeChecked({ checked: was });
  // Tab reaches the quiet hours after the table's last toggle.
  await form.getByRole("checkbox", { name: "Data export ready: Telegram" }).focus();
  await page.keyboard.press("Tab");
  await expect(form.getByLabel("Hold alerts during quiet hours")).toBeFocused();
});

test("German: the kinds, channels and the bell in German", async () => {
  await page.getByTestId("language-switch").selectOption("de");
  const form = page.getByTestId("notification-preferences");
  await expect(form.getByRole("columnheader", { name: "In der App" })).toBeVisible();
  for (const label of ["Budget-Schwellen", "Große Zahlungen", "Niedriger Kontostand", "Neue Abos"]) {
    await expect(form.getByRole("rowheader", { name: label })).toBeVisible();
  }
  await expect(form.getByRole("checkbox", { name: "Neue Abos: E-Mail" })).toBeVisible();
  await expect(bell()).toHaveAccessibleName(/^Benachrichtigungen, (keine|\d+) ungelesen$/);
  await shoot("preferences-de");
  await page.getByTestId("language-switch").selectOption("en");
  await expect(form.getByRole("columnheader", { name: "In the app" })).toBeVisible();
});

test("an empty feed says so", async () => {
  // A user with no notifications yet: the feed's answer for one.
  await page.route("**/api/v1/notifications?*", (route) =>
    route.fulfill({ json: { notifications: [], unread: 0, next_cursor: null } }),
  );
  await page.goto("/");
  await settle(page);
  await bell().click();
  await expect(panel().getByTestId("notification-empty")).toContainText("You're all caught up");
  await expect(panel().getByTestId("mark-all-read")).toBeDisabled();
  expect(await axeViolations(page)).toEqual([]);
  await shoot("bell-empty", page, false);
  await page.keyboard.press("Escape");
  await page.unroute("**/api/v1/notifications?*");
});

test("no console error and no axe violation on the settings page", async () => {
  await page.goto("/settings/notifications");
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);
  // The 422 of the test above is the browser's own log of a failed request.
  expect(errors.filter((e) => !/status of 422 .*\/api\/v1\/notifications\/preferences/.test(e))).toEqual([]);
});
