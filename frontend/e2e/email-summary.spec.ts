import { expect, request, test, type APIRequestContext, type Page } from "@playwright/test";
import { axeViolations, watchConsole } from "./helpers";

/**
 * Settings → E-mail summary, as its own user (never the shared demo user): made with
 * `kakeibo demo --email summary@kakeibo.local --password 'kakeibo demo'`. Changes the day,
 * hour, on/off and the empty-week choice, checks the server kept them, checks a bad value
 * from the API is refused, and shows the preview when the server has one. Then it has the
 * server's own scheduler send this week's summary (the slot set to the current local hour:
 * the next cron tick of the shared `kakeibo all` writes it, its worker sends it) and finds it
 * under "Recent deliveries".
 */
const USER = { email: process.env.SUMMARY_EMAIL ?? "summary@kakeibo.local", password: "kakeibo demo" };
const BASE = process.env.KAKEIBO_URL ?? "http://localhost:8080";
const SHOTS = "test-results/email-summary";

test.describe.configure({ mode: "serial", timeout: 120_000 });

interface WeeklySummary {
  enabled: boolean;
  day: string;
  hour: number;
  empty_week: string;
}

let api: APIRequestContext;
let auth: Record<string, string>;
let page: Page;
let errors: string[];
let original: WeeklySummary;
/** Until the content helper's preview endpoint is merged, the browser logs its 404. */
let previewMissing = false;
const consoleErrors = () =>
  errors.filter((e) => !(previewMissing && e.includes("404") && e.includes("/api/v1/notifications/email/preview")));

/** The section is loaded: the form shows and nothing is busy. (Not `settle`: a debug server
 * under load keeps the network from going idle for long.) */
async function ready(p: Page) {
  await expect(p.getByTestId("email-summary-form")).toBeVisible({ timeout: 60_000 });
  await expect(p.locator('[aria-busy="true"]')).toHaveCount(0);
}

async function summary(): Promise<WeeklySummary> {
  const r = await api.get("/api/v1/notifications/preferences", { headers: auth });
  expect(r.ok()).toBeTruthy();
  return ((await r.json()) as { weekly_summary: WeeklySummary }).weekly_summary;
}

test.beforeAll(async ({ browser }) => {
  api = await request.newContext({ baseURL: BASE });
  const login = await api.post("/api/v1/auth/login", { data: USER });
  expect(login.ok(), `log in as ${USER.email}: ${await login.text()}`).toBeTruthy();
  auth = { Authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` };
  original = await summary();
  previewMissing = (await api.get("/api/v1/notifications/email/preview", { headers: auth })).status() === 404;
  // A known start: Monday 08:00, on, a short summary for an empty week.
  await api.put("/api/v1/notifications/preferences", {
    headers: auth,
    data: { weekly_summary: { enabled: true, day: "monday", hour: 8, empty_week: "short" } },
  });
  const context = await browser.newContext({ baseURL: BASE });
  page = await context.newPage();
  errors = watchConsole(page);
  await page.goto("/login");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(USER.email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(USER.password);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
});

test.afterAll(async () => {
  if (api && original) {
    await api.put("/api/v1/notifications/preferences", { headers: auth, data: { weekly_summary: original } });
  }
});

test("shows the schedule with its defaults, accessibly", async () => {
  await page.goto("/settings/email-summaries");
  await ready(page);
  const form = page.getByTestId("email-summary-form");
  await expect(form).toBeVisible();
  await expect(page.getByLabel(/^(Day|Tag)$/)).toHaveValue("monday");
  await expect(page.getByLabel(/^(Time|Uhrzeit)$/)).toHaveValue("8");
  await expect(page.getByTestId("summary-enabled")).toBeChecked();
  await expect(page.getByTestId("empty-short")).toBeChecked();
  expect(await axeViolations(page)).toEqual([]);
  expect(consoleErrors()).toEqual([]);
});

test("changes day, hour, empty week and turns it off; the server keeps them", async () => {
  await page.getByLabel(/^(Day|Tag)$/).selectOption("friday");
  await page.getByLabel(/^(Time|Uhrzeit)$/).selectOption("18");
  await page.getByTestId("empty-none").check();
  await page.getByTestId("summary-enabled").uncheck();
  await page.getByTestId("summary-save").click();
  await expect(page.getByText(/^(Saved\.|Gespeichert\.)$/)).toBeVisible();
  expect(await summary()).toEqual({ enabled: false, day: "friday", hour: 18, empty_week: "none" });
  // After a reload the form shows what is stored.
  await page.reload();
  await ready(page);
  await expect(page.getByLabel(/^(Day|Tag)$/)).toHaveValue("friday");
  await expect(page.getByLabel(/^(Time|Uhrzeit)$/)).toHaveValue("18");
  await expect(page.getByTestId("summary-enabled")).not.toBeChecked();
  await expect(page.getByTestId("empty-none")).toBeChecked();
  // Keyboard: the switch toggles with Space.
  await page.getByTestId("summary-enabled").focus();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("summary-enabled")).toBeChecked();
  await page.getByTestId("summary-save").click();
  await expect(page.getByText(/^(Saved\.|Gespeichert\.)$/)).toBeVisible();
  expect((await summary()).enabled).toBe(true);
  expect(consoleErrors()).toEqual([]);
});

test("the API refuses a bad schedule with its fields", async () => {
  const r = await api.put("/api/v1/notifications/preferences", {
    headers: auth,
    data: { weekly_summary: { day: "someday", hour: 30 } },
  });
  expect(r.status()).toBe(422);
  const body = (await r.json()) as { error: { details: { fields: { field: string }[] } } };
  expect(body.error.details.fields.map((f) => f.field)).toEqual(["weekly_summary.day", "weekly_summary.hour"]);
});

/** Today's weekday and hour in `zone`, as the schedule names them. */
function localSlot(zone: string, now = new Date()): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "long", hour: "numeric", hourCycle: "h23" })
    .formatToParts(now);
  const day = parts.find((p) => p.type === "weekday")!.value.toLowerCase();
  return { day, hour: Number(parts.find((p) => p.type === "hour")!.value) };
}

interface Delivery {
  kind: string;
  channel: string;
  status: string;
}

test("a summary the server sent is listed under recent deliveries", async () => {
  // The scheduler ticks every minute; the worker then renders and sends.
  test.setTimeout(240_000);
  const me = (await (await api.get("/api/v1/me", { headers: auth })).json()) as { time_zone: string };
  const slot = localSlot(me.time_zone);
  const put = await api.put("/api/v1/notifications/preferences", {
    headers: auth,
    data: { weekly_summary: { enabled: true, day: slot.day, hour: slot.hour, empty_week: "short" } },
  });
  expect(put.ok(), await put.text()).toBeTruthy();
  // Once per ISO week: a run earlier this week finds its row already there.
  let summary: Delivery | undefined;
  await expect
    .poll(
      async () => {
        const r = await api.get("/api/v1/notifications/deliveries", { headers: auth });
        const page = (await r.json()) as { deliveries: Delivery[] };
        summary = page.deliveries.find((d) => d.kind === "weekly_summary" && d.channel === "email");
        return summary?.status;
      },
      { timeout: 200_000, intervals: [2_000, 5_000] },
    )
    .toBe("sent");

  await page.goto("/settings/email-summaries");
  await ready(page);
  const table = page.getByTestId("deliveries-table");
  await expect(table).toBeVisible();
  const row = table.locator('[data-testid="delivery"]').filter({ hasText: /^(Weekly summary|Wochen)/ }).first();
  await expect(row).toHaveAttribute("data-status", "sent");
  await expect(row).toContainText(/E-mail|E-Mail/);
  await expect(row.getByText(/^(Sent|Gesendet)$/)).toBeVisible();
  await expect(page.getByTestId("deliveries-empty")).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
  expect(consoleErrors()).toEqual([]);
});

test("the preview shows when the server has one; screenshots", async () => {
  await page.goto("/settings/email-summaries");
  await ready(page);
  if (previewMissing) {
    await expect(page.getByTestId("email-preview")).toHaveCount(0);
  } else {
    await expect(page.getByTestId("email-preview-frame")).toBeVisible();
    await expect(page.getByTestId("email-preview-frame")).toHaveAttribute("sandbox", "");
  }
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/email-summary-${theme}-${width}.png`, fullPage: true });
    }
  }
  expect(consoleErrors()).toEqual([]);
});
