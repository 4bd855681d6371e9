import { expect, test, type Page } from "@playwright/test";
import { axeViolations, settle, watchConsole } from "./helpers";
import { money, sharedSession, type Api } from "./rp-user";

/**
 * The reports page, against a running server, as the spec's own demo user (see rp-user.ts):
 * every report renders with data, its table view shows the API's numbers, the view lives in
 * the URL, a recurring payment can be confirmed.
 */

const REPORTS = ["spending", "income-expense", "cash-flow", "net-worth", "merchants", "recurring", "anomalies", "forecast"];

/** Today in UTC (the spec user's time zone), and the first day of the month `back` months before. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}
function monthStart(back: number): string {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
}
const monthLong = (day: string) =>
  new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${day.slice(0, 7)}-01T00:00:00Z`));

async function showTable(page: Page, testId: string) {
  const card = page.getByTestId(testId);
  await card.getByRole("button", { name: "Table" }).click();
  await expect(card.locator("table")).toBeVisible();
  return card.locator("table");
}

/** The cells of the table row whose header is `label`. */
async function rowCells(table: ReturnType<Page["locator"]>, label: string) {
  const row = table.locator("tr").filter({ has: table.page().getByRole("rowheader", { name: label, exact: true }) });
  await expect(row).toHaveCount(1);
  return row.locator("td").allInnerTexts();
}

interface Line {
  category_id: string | null;
  name: string;
  currency: string;
  amount: string;
}
interface SpendingReport {
  periods: { start: string; totals: { currency: string; amount: string }[]; categories: Line[] }[];
}
interface CashFlowReport {
  periods: { start: string; currencies: { currency: string; income: string; spending: string; net: string }[] }[];
}

test.describe("reports", () => {
  test.describe.configure({ mode: "default" });
  let page: Page;
  let api: Api;
  let close: () => Promise<void>;
  test.beforeAll(async ({ browser }) => {
    ({ page, api, close } = await sharedSession(browser));
  });
  test.afterAll(async () => close?.());
  test.beforeEach(async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
  });

  test("every report renders without console errors, reopened by a reload", async () => {
    const errors = watchConsole(page);
    for (const report of REPORTS) {
      await page.goto(`/reports?report=${report}`);
      await settle(page);
      await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
      await expect(page.getByTestId(`report-${report}`).or(page.getByTestId("net-worth"))).toBeVisible();
      // The chosen report is marked in the list.
      await expect(page.getByRole("navigation", { name: "Reports" }).locator('a[aria-current="page"]')).toHaveAttribute("href", `?report=${report}`);
    }
    expect(errors).toEqual([]);
  });

  test("spending by category: the table has the API's numbers, per currency", async () => {
    const from = monthStart(5);
    const to = today();
    const report = await api.get<SpendingReport>(`/api/v1/analytics/spending?from=${from}&to=${to}&interval=month&level=top`);
    await page.goto(`/reports?report=spending&range=custom&from=${from}&to=${to}`);
    await settle(page);
    const table = await showTable(page, "report-spending");
    // Every EUR line of every month, in its row and column.
    const lines = report.periods.flatMap((p, i) => p.categories.filter((c) => c.currency === "EUR").map((c) => ({ ...c, i })));
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const row = table.getByTestId(`spending-row-${line.category_id ?? "none"}`);
      await expect(row.locator("td").nth(line.i)).toHaveText(money(line.amount, "EUR"));
    }
    const totals = table.getByTestId("spending-totals").locator("td");
    for (const [i, p] of report.periods.entries()) {
      const total = p.totals.find((t) => t.currency === "EUR");
      await expect(totals.nth(i)).toHaveText(money(total?.amount ?? "0", "EUR"));
    }
    // USD on its own: never added to the euros.
    const usd = lines.length && report.periods.some((p) => p.totals.some((t) => t.currency === "USD"));
    if (usd) {
      await page.getByRole("group", { name: "Currency" }).getByRole("button", { name: "USD" }).click();
      await expect(page).toHaveURL(/currency=USD/);
      const usdLine = report.periods.flatMap((p, i) => p.categories.filter((c) => c.currency === "USD").map((c) => ({ ...c, i })))[0]!;
      const t2 = page.getByTestId("report-spending").locator("table");
      await expect(t2.getByTestId(`spending-row-${usdLine.category_id ?? "none"}`).locator("td").nth(usdLine.i)).toHaveText(
        money(usdLine.amount, "USD"),
      );
      await expect(t2).not.toContainText("€");
    }
  });

  test("income vs expense and cash flow: the tables have the API's numbers", async () => {
    const from = monthStart(2);
    const to = today();
    const flow = await api.get<CashFlowReport>(`/api/v1/analytics/cash-flow?from=${from}&to=${to}&interval=month`);
    expect(flow.periods.length).toBe(3);

    await page.goto(`/reports?report=income-expense&range=custom&from=${from}&to=${to}`);
    await settle(page);
    let table = await showTable(page, "report-income-expense");
    for (const p of flow.periods) {
      const c = p.currencies.find((x) => x.currency === "EUR") ?? { income: "0", spending: "0", net: "0" };
      const cells = await rowCells(table, monthLong(p.start));
      expect(cells.slice(0, 3)).toEqual([money(c.income, "EUR"), money(c.spending, "EUR"), money(c.net, "EUR")]);
    }

    await page.goto(`/reports?report=cash-flow&range=custom&from=${from}&to=${to}`);
    await settle(page);
    table = await showTable(page, "report-cash-flow");
    let running = 0;
    for (const p of flow.periods) {
      const c = p.currencies.find((x) => x.currency === "EUR") ?? { income: "0", spending: "0", net: "0" };
      running = Math.round((running + Number(c.net)) * 100) / 100;
      const cells = await rowCells(table, monthLong(p.start));
      expect(cells).toEqual([money(c.income, "EUR"), money(c.spending, "EUR"), money(c.net, "EUR", true), money(running, "EUR", true)]);
    }
  });

  test("net worth, merchants, anomalies and forecast: the API's numbers", async () => {
    const from = monthStart(5);
    const to = today();

    const worth = await api.get<{ points: { date: string; currencies: { currency: string; assets: string; liabilities: string; net_worth: string }[] }[] }>(
      `/api/v1/analytics/net-worth?from=${from}&to=${to}&interval=month`,
    );
    const eur = worth.points.flatMap((p) => p.currencies.filter((c) => c.currency === "EUR").map((c) => ({ date: p.date, ...c })));
    expect(eur.length).toBeGreaterThan(0);
    await page.goto(`/reports?report=net-worth&range=custom&from=${from}&to=${to}`);
    await settle(page);
    const nw = await showTable(page, "net-worth");
    const last = eur.at(-1)!;
    await expect(nw.locator("tbody tr").last().locator("td")).toHaveText([
      money(last.assets, "EUR"),
      money(last.liabilities, "EUR"),
      money(last.net_worth, "EUR"),
    ]);

    const merchants = await api.get<{ merchants: { name: string; currency: string; spent: string; transactions: number }[] }>(
      `/api/v1/analytics/merchants?from=${from.slice(0, 7)}&to=${to.slice(0, 7)}&limit=15`,
    );
    await page.goto(`/reports?report=merchants&range=custom&from=${from}&to=${to}`);
    await settle(page);
    const mt = await showTable(page, "report-merchants");
    const eurMerchants = merchants.merchants.filter((m) => m.currency === "EUR");
    await expect(mt.locator("tbody tr")).toHaveCount(eurMerchants.length);
    for (const m of eurMerchants.slice(0, 5)) {
      const cells = await rowCells(mt, m.name);
      expect(cells.slice(0, 2)).toEqual([money(m.spent, "EUR"), String(m.transactions)]);
    }

    const anomalies = await api.get<{ id: string; amount: string; currency: string }[]>("/api/v1/analytics/anomalies");
    await page.goto("/reports?report=anomalies");
    await settle(page);
    await expect(page.getByTestId("anomaly")).toHaveCount(anomalies.length);
    if (anomalies[0]) await expect(page.getByTestId("anomaly").first()).toContainText(money(anomalies[0].amount, anomalies[0].currency));

    const forecast = await api.get<{
      currencies: { currency: string; horizons: { days: number; recurring_income: string; recurring_spending: string; net: string; balance: string | null }[] }[];
    }>("/api/v1/analytics/forecast");
    await page.goto("/reports?report=forecast");
    await settle(page);
    const ft = await showTable(page, "report-forecast");
    const f = forecast.currencies.find((c) => c.currency === "EUR")!;
    for (const h of f.horizons) {
      const cells = ft.getByTestId(`forecast-row-${h.days}`).locator("td");
      await expect(cells.nth(0)).toHaveText(money(h.recurring_income, "EUR"));
      await expect(cells.nth(1)).toHaveText(money(h.recurring_spending, "EUR"));
      await expect(cells.nth(4)).toHaveText(money(h.net, "EUR", true));
      await expect(cells.nth(5)).toHaveText(h.balance === null ? "–" : money(h.balance, "EUR"));
    }
  });

  test("the report and its range are in the URL: a reload opens them", async () => {
    await page.goto("/reports");
    await settle(page);
    await page.getByRole("navigation", { name: "Reports" }).getByRole("link", { name: "Cash flow" }).click();
    await expect(page).toHaveURL(/report=cash-flow/);
    await page.getByLabel("Period").selectOption("3m");
    await expect(page).toHaveURL(/range=3m/);
    await page.reload();
    await settle(page);
    await expect(page.getByTestId("report-cash-flow")).toBeVisible();
    await expect(page.getByLabel("Period")).toHaveValue("3m");
    await expect(page.getByTestId("report-cash-flow").getByRole("button", { name: "Table" })).toBeVisible();
    await page.getByTestId("report-cash-flow").getByRole("button", { name: "Table" }).click();
    await expect(page.getByTestId("report-cash-flow").locator("tbody tr")).toHaveCount(3);

    // A custom range: two days, shown, kept over a reload.
    const from = monthStart(7);
    const to = monthStart(4);
    await page.getByLabel("Period").selectOption("custom");
    await page.getByLabel("From").fill(from);
    await page.getByLabel("To").fill(to);
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(new RegExp(`range=custom.*from=${from}.*to=${to}`));
    await page.reload();
    await settle(page);
    await expect(page.getByLabel("From")).toHaveValue(from);
    await expect(page.getByLabel("To")).toHaveValue(to);

    // Back returns to the range before.
    await page.goBack();
    await expect(page).toHaveURL(/range=3m/);
    await expect(page.getByLabel("Period")).toHaveValue("3m");
  });

  test("a long range's table scrolls inside its frame, never the page", async () => {
    const from = monthStart(23);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const report of ["spending", "income-expense", "merchants"]) {
        await page.goto(`/reports?report=${report}&range=custom&from=${from}&to=${today()}`);
        await settle(page);
        await page.getByTestId(`report-${report}`).getByRole("button", { name: "Table" }).click();
        await expect(page.getByTestId(`report-${report}`).locator("table")).toBeVisible();
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${report} at ${width}px`).toBeLessThanOrEqual(width);
      }
    }
    // The table's frame scrolls, and takes focus for the keyboard to scroll it.
    const frame = page.getByTestId("report-spending").getByRole("region", { name: "Spending by category" });
    await page.goto(`/reports?report=spending&range=custom&from=${from}&to=${today()}`);
    await settle(page);
    await page.getByTestId("report-spending").getByRole("button", { name: "Table" }).click();
    await frame.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => frame.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  });

  test("net worth: the account filter narrows to the accounts ticked", async () => {
    const accounts = await api.get<{ id: string; name: string; currency: string }[]>("/api/v1/accounts");
    const usd = accounts.find((a) => a.currency === "USD");
    test.skip(!usd, "the demo user has a USD account");
    await page.goto("/reports?report=net-worth");
    await settle(page);
    await expect(page.getByRole("group", { name: "Currency" })).toBeVisible();
    await page.getByRole("button", { name: /Accounts/ }).click();
    // Untick every euro account: only the dollars are left, and with them one currency.
    for (const a of accounts.filter((x) => x.currency !== "USD")) await page.getByRole("checkbox", { name: new RegExp(a.name) }).uncheck();
    await expect(page).toHaveURL(new RegExp(`accounts=${usd!.id}`));
    await settle(page);
    await expect(page.getByRole("group", { name: "Currency" })).toHaveCount(0);
    await expect(page.getByTestId("net-worth")).toContainText("$");
    await expect(page.getByTestId("net-worth")).not.toContainText("€");
  });

  test("recurring payments: confirm one, see price changes", async () => {
    type Series = { id: string; merchant: string; user_state: string; price_increased: boolean; previous_amount: string | null };
    // Unique merchants only, so the button's name finds one row. The detection is a job the
    // demo bank's first sync starts: on a fresh server it may still be running.
    const detected = async () => {
      const series = await api.get<Series[]>("/api/v1/analytics/recurring");
      return series.find((s) => s.user_state === "auto" && series.filter((x) => x.merchant === s.merchant).length === 1);
    };
    await expect.poll(detected, { message: "a detected recurring payment to confirm", timeout: 60_000 }).toBeTruthy();
    const pick = await detected();
    const series = await api.get<Series[]>("/api/v1/analytics/recurring");
    try {
      await page.goto("/reports?report=recurring");
      await settle(page);
      await expect(page.getByTestId("series")).toHaveCount(series.length);
      const changed = series.filter((s) => s.previous_amount !== null).length;
      await expect(page.getByTestId("price-change")).toHaveCount(changed);

      const row = page.locator(`[data-series-id="${pick!.id}"]`);
      await row.getByRole("button", { name: `Confirm ${pick!.merchant}` }).click();
      await expect(row.getByTestId("series-confirmed")).toBeVisible();
      await expect(row.getByRole("button", { name: `Undo confirming ${pick!.merchant}` })).toBeVisible();
      const after = await api.get<Series[]>("/api/v1/analytics/recurring");
      expect(after.find((s) => s.id === pick!.id)?.user_state).toBe("confirmed");
      // Kept over a reload.
      await page.reload();
      await settle(page);
      await expect(page.locator(`[data-series-id="${pick!.id}"]`).getByTestId("series-confirmed")).toBeVisible();
    } finally {
      await api.send("PATCH", `/api/v1/analytics/recurring/${pick!.id}`, { user_state: "auto" });
    }
  });

  test("keyboard: the report list, the range and a chart's table view", async () => {
    await page.goto("/reports?report=spending");
    await settle(page);
    const link = page.getByRole("navigation", { name: "Reports" }).getByRole("link", { name: "Top merchants" });
    await link.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/report=merchants/);
    const table = page.getByTestId("report-merchants").getByRole("button", { name: "Table" });
    await table.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("report-merchants").locator("table")).toBeVisible();
    await expect(table).toHaveAttribute("aria-pressed", "true");
    // The period select answers the keyboard too.
    await page.getByLabel("Period").focus();
    await page.getByLabel("Period").selectOption("12m");
    await expect(page).toHaveURL(/range=12m/);
  });

  for (const theme of ["light", "dark"] as const) {
    test(`axe, ${theme}: every report, chart and table`, async () => {
      test.setTimeout(90_000);
      await page.emulateMedia({ colorScheme: theme });
      const found: string[] = [];
      for (const report of REPORTS) {
        await page.goto(`/reports?report=${report}`);
        await settle(page);
        await page.waitForTimeout(300);
        found.push(...(await axeViolations(page)).map((v) => `${report}: ${v}`));
        const toggle = page.getByRole("button", { name: "Table" }).first();
        if (await toggle.count()) {
          await toggle.click();
          found.push(...(await axeViolations(page)).map((v) => `${report} (table): ${v}`));
        }
      }
      expect(found).toEqual([]);
    });
  }

  // Pictures to look at: `SCREENSHOTS=1 npm run test:e2e -- e2e/reports.spec.ts`.
  for (const theme of ["light", "dark"] as const) {
    test(`screenshots, ${theme}`, async () => {
      test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to take them");
      test.setTimeout(180_000);
      const dir = new URL("./screenshots/", import.meta.url).pathname;
      await page.emulateMedia({ colorScheme: theme });
      for (const [width, name] of [
        [1280, "desktop"],
        [390, "mobile"],
      ] as const) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        for (const report of REPORTS) {
          await page.goto(`/reports?report=${report}`);
          await settle(page);
          await page.waitForTimeout(800);
          await page.screenshot({ path: `${dir}${theme}_reports_${report}_${name}.png`, fullPage: true });
        }
      }
    });
  }
});
