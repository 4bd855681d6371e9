/**
 * The chat panel (issue 20) against the real server, as its own user (never the shared demo
 * user): made once with `kakeibo demo --email askchat@kakeibo.local --password 'kakeibo demo'`
 * (`ASK_EMAIL` picks another). The tests run in order in one page; the server allows 30
 * questions a minute per user, and a run asks 14.
 *
 * Run: `KAKEIBO_URL=… npm run test:e2e -- e2e/ask.spec.ts`; `SCREENSHOTS=1` adds pictures in
 * e2e/screenshots/ask_*.png.
 */
import { expect, request, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { axeViolations, watchConsole } from "./helpers";

const USER = { email: process.env.ASK_EMAIL ?? "askchat@kakeibo.local", password: "kakeibo demo" };
const GROCERIES = "How much did I spend on groceries last month?";
/** An amount as the engine writes it: "341.71 EUR", "1,240.00 EUR", "12,50 €". */
const AMOUNT = /\d[\d.,]*[.,]\d\d\s?(EUR|USD|€|\$)/;

/**
 * Slows the answer stream down in the page (each event after `ms`), so the steps can be
 * seen arriving: the real server's events, only spaced out. Off while `ms` is 0.
 */
async function slowStream(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __askDelay: number; fetch: typeof fetch };
    w.__askDelay = 0;
    const original = window.fetch.bind(window);
    w.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await original(input, init);
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const delay = w.__askDelay;
      if (!url.includes("/api/v1/ask/stream") || !response.ok || delay === 0) return response;
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const events = (await response.text()).split(/(?<=\n\n)/);
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          for (const event of events) {
            await new Promise((r) => setTimeout(r, delay));
            if (signal?.aborted) return controller.error(new DOMException("aborted", "AbortError"));
            controller.enqueue(encoder.encode(event));
          }
          controller.close();
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
  });
}

async function setDelay(page: Page, ms: number) {
  await page.evaluate((d) => ((window as unknown as { __askDelay: number }).__askDelay = d), ms);
}

async function logIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(USER.email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(USER.password);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole("navigation", { name: /Main|Hauptmenü/ })).toBeVisible();
}

/** The API as this user, from a session of its own (never the page's refresh token). */
async function apiClient(): Promise<{ ctx: APIRequestContext; token: string }> {
  const ctx = await request.newContext({ baseURL: process.env.KAKEIBO_URL ?? "http://localhost:8080" });
  const login = await ctx.post("/api/v1/auth/login", { data: USER });
  expect(login.ok(), await login.text()).toBeTruthy();
  return { ctx, token: ((await login.json()) as { access_token: string }).access_token };
}

async function snapshot(page: Page, name: string) {
  if (!process.env.SCREENSHOTS) return;
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${new URL("./screenshots/", import.meta.url).pathname}ask_${name}.png` });
}

const panel = (page: Page) => page.getByTestId("ask-panel");
const turns = (page: Page) => panel(page).getByTestId("ask-turn");

async function openPanel(page: Page) {
  await page.getByTestId("ask-button").click();
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByTestId("ask-input")).toBeFocused();
}

/** Presses a shortcut until the panel opens: a page's HTML is on screen before its scripts
 * run, and a key pressed in between reaches no listener (as it would for a person). */
async function pressShortcut(page: Page, key: string) {
  await expect(async () => {
    if (!(await panel(page).isVisible())) await page.keyboard.press(key);
    await expect(panel(page)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
}

async function askQuestion(page: Page, question: string) {
  const input = panel(page).getByTestId("ask-input");
  await input.fill(question);
  await input.press("Enter");
}

/** Waits for the last turn to be answered; answers its sentence. */
async function lastAnswer(page: Page): Promise<string> {
  const last = turns(page).last();
  await expect(last).toHaveAttribute("data-status", "done", { timeout: 20_000 });
  return (await last.getByTestId("ask-answer").textContent()) ?? "";
}

test.describe.serial("the chat panel", () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let api: { ctx: APIRequestContext; token: string };

  test.beforeAll(async ({ browser }: { browser: Browser }) => {
    test.setTimeout(180_000);
    context = await browser.newContext({ baseURL: process.env.KAKEIBO_URL ?? "http://localhost:8080" });
    page = await context.newPage();
    await slowStream(page);
    errors = watchConsole(page);
    await page.emulateMedia({ colorScheme: "light" });
    await logIn(page);
    api = await apiClient();
    // On a fresh install the workers categorize the demo's rows in the first minute or so:
    // the grocery questions need them filed.
    const auth = { headers: { Authorization: `Bearer ${api.token}` } };
    const categories = (await (await api.ctx.get("/api/v1/categories", auth)).json()) as { id: string; name: string }[];
    const groceries = categories.find((c) => c.name === "Groceries");
    expect(groceries, "the demo user has a Groceries category").toBeTruthy();
    await expect
      .poll(
        async () => {
          const rows = await api.ctx.get(`/api/v1/transactions?category_id=${groceries!.id}&limit=1`, auth);
          return ((await rows.json()) as { transactions: unknown[] }).transactions.length;
        },
        { timeout: 150_000, intervals: [2_000] },
      )
      .toBeGreaterThan(0);
    // A clean slate: this user's conversations from earlier runs go.
    const list = await api.ctx.get("/api/v1/ask/conversations?limit=200", { headers: { Authorization: `Bearer ${api.token}` } });
    for (const c of ((await list.json()) as { conversations: { id: string }[] }).conversations) {
      await api.ctx.delete(`/api/v1/ask/conversations/${c.id}`, { headers: { Authorization: `Bearer ${api.token}` } });
    }
  });

  test.afterAll(async () => {
    await api?.ctx.dispose();
    await context?.close();
  });

  test("opens from two pages, by the button and by the keyboard, and gives focus back", async () => {
    await page.goto("/");
    await openPanel(page);
    await expect(panel(page).getByTestId("ask-example")).toHaveCount(6);
    await page.keyboard.press("Escape");
    await expect(panel(page)).toHaveCount(0);
    await expect(page.getByTestId("ask-button")).toBeFocused();

    await page.goto("/transactions");
    await expect(page.locator("main h1")).toBeVisible();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await pressShortcut(page, "/");
    await expect(panel(page).getByTestId("ask-input")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(panel(page)).toHaveCount(0);
    await pressShortcut(page, "Control+k");
    await page.keyboard.press("Escape");
  });

  test("streams the answer: the tool step, the sentence, then the answer with its table and how I got this", async () => {
    await page.goto("/");
    await openPanel(page);
    await setDelay(page, 700);
    const streamed = page.waitForResponse((r) => r.url().includes("/api/v1/ask/stream"));
    await askQuestion(page, GROCERIES);
    const response = await streamed;
    expect(response.headers()["content-type"]).toContain("text/event-stream");
    const turn = turns(page).last();
    await expect(turn).toHaveAttribute("data-status", "streaming");
    await expect(panel(page).getByTestId("ask-stop")).toBeVisible();
    // The tool step with its summary, then the sentence as it arrives.
    await expect(turn.getByTestId("ask-steps")).toContainText(/Looking at spending…\s*spending \d{4}-\d\d-\d\d to/);
    await snapshot(page, "streaming_desktop_light");
    await expect(turn.getByTestId("ask-partial")).toContainText(AMOUNT);
    const answer = await lastAnswer(page);
    await setDelay(page, 0);
    await expect(turn.getByTestId("ask-streaming")).toHaveCount(0);
    expect(answer).toMatch(AMOUNT);
    // The same figure as the API says for the same question.
    const direct = await api.ctx.post("/api/v1/ask", {
      headers: { Authorization: `Bearer ${api.token}` },
      data: { question: GROCERIES },
    });
    const expected = (await direct.json()) as {
      answer: string;
      headline: { amounts: { amount: string }[] };
      conversation_id: string;
    };
    // That question opened a conversation of its own: it goes, so the list holds the page's only.
    await api.ctx.delete(`/api/v1/ask/conversations/${expected.conversation_id}`, {
      headers: { Authorization: `Bearer ${api.token}` },
    });
    expect(answer).toBe(expected.answer);
    // The table, money in the row's currency.
    const table = turn.getByTestId("ask-table");
    await expect(table.locator("tbody tr")).toHaveCount(expected.headline.amounts.length);
    await expect(table.locator("tbody")).toContainText(/€\d/);
    // How I got this: collapsed, then the spending call with its dates and filter.
    const how = turn.getByTestId("ask-how");
    await expect(how.getByTestId("ask-tool")).toBeHidden();
    await how.getByText("How I got this").click();
    const tool = how.getByTestId("ask-tool");
    await expect(tool).toContainText("spending");
    await expect(tool).toContainText("Groceries");
    await expect(tool).toContainText(/Period.*\d{4} – .*\d{4}/);
    // The live region holds the final answer.
    await expect(panel(page).locator('[aria-live="polite"]').filter({ hasText: answer }).first()).toBeVisible();
    await snapshot(page, "table_desktop_light");
  });

  test("a follow-up is asked in the same conversation", async () => {
    const sent = page.waitForRequest((r) => r.url().includes("/api/v1/ask/stream"));
    await askQuestion(page, "and the month before?");
    const url = new URL((await sent).url());
    expect(url.searchParams.get("conversation_id")).toMatch(/^[0-9a-f-]{36}$/);
    const answer = await lastAnswer(page);
    expect(answer).toMatch(/October|Oktober|\d{4}/);
    await expect(turns(page)).toHaveCount(2);
  });

  test("the conversation survives closing the panel and a reload, and is in the list", async () => {
    await page.keyboard.press("Escape");
    await openPanel(page);
    await expect(turns(page)).toHaveCount(2);
    await page.reload();
    await expect(page.getByRole("navigation", { name: /Main|Hauptmenü/ })).toBeVisible();
    await openPanel(page);
    await expect(turns(page)).toHaveCount(2);
    await expect(turns(page).first()).toContainText(GROCERIES);
    await expect(turns(page).first().getByTestId("ask-answer")).toContainText(AMOUNT);
    await panel(page).getByTestId("ask-history").click();
    const item = panel(page).getByTestId("ask-conversation").filter({ hasText: GROCERIES });
    await expect(item).toContainText("2 questions");
    await expect(item).toContainText("open now");
  });

  test("a new conversation; out of scope answers show no amount and offer examples", async () => {
    await panel(page).getByTestId("ask-new").click();
    await expect(turns(page)).toHaveCount(0);
    await expect(panel(page).getByTestId("ask-examples")).toBeVisible();
    await expect(panel(page).getByTestId("ask-input")).toBeFocused();
    const sent = page.waitForRequest((r) => r.url().includes("/api/v1/ask/stream"));
    await askQuestion(page, "should I buy tesla stock?");
    expect(new URL((await sent).url()).searchParams.get("conversation_id")).toBeNull();
    const answer = await lastAnswer(page);
    expect(answer).not.toMatch(AMOUNT);
    const turn = turns(page).last();
    await expect(turn.getByTestId("ask-table")).toHaveCount(0);
    await expect(turn.getByTestId("ask-examples")).toBeVisible();
    // An example chip asks it.
    await turn.getByTestId("ask-example").first().click();
    await expect(turns(page)).toHaveCount(2);
    expect(await lastAnswer(page)).toMatch(AMOUNT);
  });

  test("a chart answer, with its table view", async () => {
    await askQuestion(page, "What did I spend per month this year?");
    await lastAnswer(page);
    const chart = turns(page).last().getByTestId("ask-chart");
    await expect(chart.getByTestId("ask-graph").locator("svg.recharts-surface")).toBeVisible();
    await snapshot(page, "chart_desktop_light");
    await chart.getByRole("button", { name: "Table" }).click();
    await expect(chart.locator("tbody tr").first()).toBeVisible();
    await chart.getByRole("button", { name: "Chart" }).click();
    await expect(chart.getByTestId("ask-graph")).toBeVisible();
  });

  test("axe finds nothing serious with the panel open, light and dark", async () => {
    await turns(page).last().getByTestId("ask-how").getByText("How I got this").click();
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    expect(await axeViolations(page)).toEqual([]);
    await snapshot(page, "chart_desktop_dark");
    await turns(page).nth(1).scrollIntoViewIfNeeded();
    await snapshot(page, "table_desktop_dark");
    await page.emulateMedia({ colorScheme: "light" });
  });

  test("at 390 px the panel takes the whole width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(panel(page)).toBeVisible();
    const box = await panel(page).boundingBox();
    expect(box?.width).toBe(390);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await snapshot(page, "chart_390_light");
    await turns(page).nth(1).scrollIntoViewIfNeeded();
    await snapshot(page, "table_390_light");
    await turns(page).first().scrollIntoViewIfNeeded();
    await snapshot(page, "examples_390_light");
    await page.emulateMedia({ colorScheme: "dark" });
    await turns(page).nth(1).scrollIntoViewIfNeeded();
    await snapshot(page, "table_390_dark");
    await turns(page).last().scrollIntoViewIfNeeded();
    await snapshot(page, "chart_390_dark");
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  test("the stop button ends the answer; asked again it comes", async () => {
    await setDelay(page, 1500);
    await askQuestion(page, "What are my account balances?");
    const turn = turns(page).last();
    await expect(turn.getByTestId("ask-steps")).toBeVisible();
    await panel(page).getByTestId("ask-stop").click();
    await expect(turn).toHaveAttribute("data-status", "stopped");
    await expect(turn.getByTestId("ask-stopped")).toBeVisible();
    await setDelay(page, 0);
    await turn.getByTestId("ask-retry").click();
    expect(await lastAnswer(page)).toMatch(AMOUNT);
    await expect(turn.getByTestId("ask-chart")).toBeVisible();
  });

  test("2,001 characters cannot be sent; the counter says so", async () => {
    const input = panel(page).getByTestId("ask-input");
    const before = await turns(page).count();
    await input.fill("a".repeat(1990));
    await expect(panel(page).getByTestId("ask-counter")).toHaveText("10 characters left");
    await input.fill("a".repeat(2001));
    await expect(panel(page).getByTestId("ask-counter")).toHaveText("1 character too many");
    await expect(panel(page).getByTestId("ask-send")).toBeDisabled();
    await input.press("Enter");
    await expect(turns(page)).toHaveCount(before);
    await input.fill("");
    await expect(panel(page).getByTestId("ask-send")).toBeDisabled();
  });

  test("the past conversations: reopen one, delete one after confirming", async () => {
    await panel(page).getByTestId("ask-history").click();
    const list = panel(page).getByTestId("ask-conversation");
    await expect(list).toHaveCount(2);
    await snapshot(page, "history_desktop_light");
    await list.filter({ hasText: GROCERIES }).getByTestId("ask-conversation-open").click();
    await expect(turns(page)).toHaveCount(2);
    await expect(turns(page).first()).toContainText(GROCERIES);
    await panel(page).getByTestId("ask-history").click();
    const tesla = list.filter({ hasText: "tesla" });
    await tesla.getByTestId("ask-conversation-delete").click();
    const confirm = page.getByRole("alertdialog");
    await expect(confirm).toContainText("Delete this conversation?");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(list).toHaveCount(2);
    await tesla.getByTestId("ask-conversation-delete").click();
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm).toHaveCount(0);
    await expect(list).toHaveCount(1);
    await expect(list.first()).toContainText(GROCERIES);
  });

  test("keyboard only: open, type, send, read, close", async () => {
    await page.keyboard.press("Escape");
    await expect(panel(page)).toHaveCount(0);
    await page.goto("/budgets");
    await expect(page.locator("main h1")).toBeVisible();
    await pressShortcut(page, "Control+k");
    await expect(panel(page).getByTestId("ask-input")).toBeFocused();
    await page.keyboard.type("What are my subscriptions?");
    await page.keyboard.press("Shift+Enter");
    await expect(panel(page).getByTestId("ask-input")).toHaveValue("What are my subscriptions?\n");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Enter");
    await lastAnswer(page);
    await snapshot(page, "wide_table_desktop_light");
    // Tab reaches the answer's table (it scrolls by keyboard) and "How I got this".
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press("Shift+Tab");
      reached = await page.evaluate(() => document.activeElement?.tagName === "SUMMARY");
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await expect(turns(page).last().getByTestId("ask-tool")).toContainText("recurring");
    expect(await panel(page).evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press("Escape");
    await expect(panel(page)).toHaveCount(0);
    await expect(page.getByTestId("ask-button")).toBeFocused();
  });

  test("at 390 px a wide table scrolls inside its own frame", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("ask-button").click();
    const table = turns(page).last().getByTestId("ask-table");
    await table.scrollIntoViewIfNeeded();
    const region = table.getByRole("region");
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const box = await turns(page).last().boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await snapshot(page, "wide_table_390_light");
    await page.emulateMedia({ colorScheme: "dark" });
    await snapshot(page, "wide_table_390_dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  test("German: examples and answers in German", async () => {
    await page.getByTestId("language-switch").selectOption("de");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await page.getByTestId("ask-button").click();
    await panel(page).getByTestId("ask-new").click();
    await expect(panel(page).getByRole("heading", { name: "Kakeibo fragen" })).toBeVisible();
    await panel(page).getByTestId("ask-example").first().click();
    const answer = await lastAnswer(page);
    expect(answer).toMatch(/^Du hast/);
    expect(answer).toMatch(AMOUNT);
    await expect(turns(page).last().getByTestId("ask-how")).toContainText("So bin ich darauf gekommen");
    await snapshot(page, "german_desktop_light");
    await page.keyboard.press("Escape");
    await page.getByTestId("language-switch").selectOption("en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });

  test("no console errors on the way", async () => {
    expect(errors).toEqual([]);
  });
});

test.describe.serial("the chat panel's errors", () => {
  let context: BrowserContext;
  let page: Page;

  test.beforeAll(async ({ browser }: { browser: Browser }) => {
    context = await browser.newContext({ baseURL: process.env.KAKEIBO_URL ?? "http://localhost:8080" });
    page = await context.newPage();
    await logIn(page);
    await page.goto("/");
    await openPanel(page);
    // A new browser: a new conversation.
    await expect(panel(page).getByTestId("ask-examples")).toBeVisible();
  });

  test.afterAll(async () => {
    await context?.close();
  });

  test("422: the server's message", async () => {
    await askQuestion(page, "groceries\u0007 last month");
    const problem = turns(page).last().getByTestId("ask-problem");
    await expect(problem).toBeVisible();
    await expect(problem).toContainText(/control/i);
    await expect(problem.getByTestId("ask-retry")).toHaveCount(0);
  });

  test("429: wait the seconds the server says", async () => {
    await page.route("**/api/v1/ask/stream?*", (route) =>
      route.fulfill({
        status: 429,
        headers: { "content-type": "application/json", "retry-after": "17" },
        body: JSON.stringify({ error: { code: "rate_limited", message: "Too many requests", details: { retry_after_secs: 17 } } }),
      }),
    );
    await askQuestion(page, GROCERIES);
    const turn = turns(page).last();
    await expect(turn.getByTestId("ask-problem")).toContainText("Try again in 17 seconds");
    await page.unroute("**/api/v1/ask/stream?*");
    await turn.getByTestId("ask-retry").click();
    await expect(turn).toHaveAttribute("data-status", "done");
    await expect(turn.getByTestId("ask-answer")).toContainText(AMOUNT);
  });

  test("an error event, then a network failure: a retry button each time, nothing lost", async () => {
    const before = await turns(page).count();
    await page.route("**/api/v1/ask/stream?*", (route) =>
      route.fulfill({
        status: 200,
        headers: { "content-type": "text/event-stream" },
        body: 'event: tool\ndata: {"name":"spending","arguments":{},"summary":"s"}\n\nevent: error\ndata: {"error":"internal","message":"The answer failed; please ask again"}\n\n',
      }),
    );
    await askQuestion(page, "and the month before?");
    const turn = turns(page).last();
    await expect(turn.getByTestId("ask-problem")).toContainText("The answer failed on the way");
    await expect(turns(page)).toHaveCount(before + 1);
    await expect(turns(page).first()).toContainText("groceries");
    await page.unroute("**/api/v1/ask/stream?*");

    await page.route("**/api/v1/ask/stream?*", (route) => route.abort("internetdisconnected"));
    await turn.getByTestId("ask-retry").click();
    await expect(turn.getByTestId("ask-problem")).toContainText("can't be reached");
    await page.unroute("**/api/v1/ask/stream?*");
    await turn.getByTestId("ask-retry").click();
    await expect(turn).toHaveAttribute("data-status", "done");
    await expect(turn.getByTestId("ask-answer")).toContainText(AMOUNT);
    await expect(turns(page)).toHaveCount(before + 1);
  });
});
