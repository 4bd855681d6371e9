import { loadavg } from "node:os";
import { expect, test, type CDPSession } from "@playwright/test";

/**
 * Scrolling 100,000 transactions: frames per second from Chromium's own performance trace.
 *
 *   KAKEIBO_BENCH=1 KAKEIBO_URL=http://localhost:8181 npm run test:e2e -- bench-scroll
 *
 * Seeds a throwaway user (registered through the API) with a manual account and one CSV
 * import of 100,000 generated rows (`BENCH_EMAIL`/`BENCH_PASSWORD` reuse a user seeded
 * before). Then, with the trace recording, Chromium's own input path scrolls the page
 * (`Input.synthesizeScrollGesture`, as its scrolling benchmarks do): first to the table's
 * bottom at 20,000 px/s while the keyset pages load as they come into view (200 rows a
 * page), then back at the top, 10,000 rows through the rows all loaded at 12,000 px/s.
 *
 * Frames are the trace's `DrawFrame` events of the page's renderer; the figure printed is
 * frames drawn per second of scrolling (target ≥ 50), with the frame intervals, and, for
 * the second pass, how often the main thread produced a frame and its work per frame.
 */
test.skip(!process.env.KAKEIBO_BENCH, "set KAKEIBO_BENCH=1 to run the scroll benchmark");

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
/** Scroll speeds, px/s: to the bottom (pages loading on the way), then through loaded rows. */
const SPEED_LOADING = Number(process.env.BENCH_SPEED ?? 20_000);
const SPEED_LOADED = Number(process.env.BENCH_SPEED_LOADED ?? 12_000);
/** Rows scrolled through in the second pass. */
const LOADED_ROWS = 10_000;
const PASSWORD = "kakeibo bench password";

const MERCHANTS: [string, string, number][] = [
  ["Rewe", "CARD PAYMENT REWE SAGT DANKE BERLIN", -1],
  ["Lidl", "LIDL DIENSTLEISTUNG BERLIN", -1],
  ["Aldi Sued", "ALDI SUED MUENCHEN", -1],
  ["Edeka", "EDEKA CENTER", -1],
  ["Shell", "SHELL BERLIN", -1],
  ["Aral", "ARAL TANKSTELLE", -1],
  ["Starbucks", "CARD PAYMENT STARBUCKS COFFEE BERLIN", -1],
  ["Einstein Kaffee", "CARD PAYMENT EINSTEIN KAFFEE BERLIN", -1],
  ["Lieferando", "LIEFERANDO.DE BERLIN", -1],
  ["Amazon", "AMAZON EU SARL", -1],
  ["Zalando", "ZALANDO SE", -1],
  ["Deutsche Bahn", "DB VERTRIEB GMBH", -1],
  ["Spotify", "SPOTIFY STOCKHOLM", -1],
  ["Netflix", "NETFLIX.COM", -1],
  ["Vodafone", "SEPA DIRECT DEBIT VODAFONE", -1],
  ["dm", "DM DROGERIE MARKT", -1],
  ["IKEA", "IKEA BERLIN", -1],
  ["Mama Thai", "MAMA THAI BERLIN", -1],
  ["FitX", "SEPA DIRECT DEBIT FITX", -1],
  ["Nordlicht Software", "SALARY NORDLICHT SOFTWARE GMBH", 1],
];

/** 100,000 rows over ten years, newest first, the same every run. */
function csv(rows: number): string {
  let seed = 7;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const end = Date.UTC(2026, 11, 5);
  const out = ["Date,Payee,Amount,Description"];
  for (let i = 0; i < rows; i++) {
    const day = new Date(end - Math.floor((i * 3650) / rows) * 86_400_000).toISOString().slice(0, 10);
    const [payee, description, sign] = MERCHANTS[Math.floor(rand() * MERCHANTS.length)]!;
    const amount = sign > 0 ? 2000 + rand() * 2000 : -(2 + rand() * 150);
    out.push(`${day},${payee},${amount.toFixed(2)},${description} ${i}`);
  }
  return out.join("\n") + "\n";
}

let email = process.env.BENCH_EMAIL ?? "";

test.beforeAll(async ({ request }) => {
  test.setTimeout(600_000);
  if (email) return;
  email = `bench-${Date.now().toString(36)}@kakeibo.local`;
  const reg = await request.post("/api/v1/auth/register", {
    data: { email, password: PASSWORD, display_name: "Bench" },
  });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  const auth = { authorization: `Bearer ${((await reg.json()) as { access_token: string }).access_token}` };
  const account = await request.post("/api/v1/accounts", {
    headers: auth,
    data: { name: "Bench account", kind: "checking", currency: "EUR" },
  });
  expect(account.ok(), await account.text()).toBeTruthy();
  const { id } = (await account.json()) as { id: string };
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
  const started = Date.now();
  const imported = await request.post("/api/v1/imports", {
    headers: auth,
    multipart: {
      file: { name: "bench.csv", mimeType: "text/csv", buffer: Buffer.from(csv(ROWS)) },
      account_id: id,
      options: JSON.stringify({ format: "csv", csv_mapping: mapping }),
    },
    timeout: 300_000,
  });
  expect(imported.status(), await imported.text()).toBe(201);
  const summary = (await imported.json()) as { rows_added: number };
  console.log(`seeded ${email}: ${summary.rows_added} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

interface TraceEvent {
  name: string;
  ts: number;
  dur?: number;
  pid: number;
  ph: string;
  args?: Record<string, unknown>;
}

/**
 * Frames per second between two trace times, the frame intervals, and, when the trace has
 * the timeline, the main thread's frames and work (its top-level tasks) per frame.
 */
function frameStats(events: TraceEvent[], from: number, to: number) {
  const inWindow = (e: TraceEvent) => e.ts >= from && e.ts <= to;
  const draws = events.filter((e) => e.name === "DrawFrame" && inWindow(e));
  // The page's frames: the process that drew the most (the browser's own UI draws a few).
  const byPid = new Map<number, number>();
  for (const e of draws) byPid.set(e.pid, (byPid.get(e.pid) ?? 0) + 1);
  const pid = [...byPid.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const ts = draws.filter((e) => e.pid === pid).map((e) => e.ts).sort((a, b) => a - b);
  // Scrolling ends with the last frame drawn: a gesture's idle tail at the bottom draws none.
  const end = ts.at(-1) ?? to;
  const seconds = (end - from) / 1e6;
  const gaps = ts.slice(1).map((t, i) => (t - ts[i]!) / 1000).sort((a, b) => a - b);
  const pct = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * p))] ?? 0;
  const main = events.find(
    (e) => e.ph === "M" && e.name === "thread_name" && e.pid === pid && (e.args as { name?: string })?.name === "CrRendererMain",
  ) as (TraceEvent & { tid: number }) | undefined;
  const onMain = main
    ? events.filter((e) => e.pid === pid && (e as TraceEvent & { tid: number }).tid === main.tid && e.ph === "X" && e.ts >= from && e.ts <= end)
    : [];
  const mainFrames = onMain.filter((e) => e.name === "Layerize").length;
  const busy = onMain.filter((e) => e.name === "ThreadControllerImpl::RunTask" || e.name === "RunTask").reduce((n, e) => n + (e.dur ?? 0), 0) / 1000;
  const parts: string[] = [];
  for (const name of ["FunctionCall", "UpdateLayoutTree", "Layout", "Paint", "MinorGC", "MajorGC"]) {
    const ms = onMain.filter((e) => e.name === name).reduce((n, e) => n + (e.dur ?? 0), 0) / 1000;
    if (ms > 0 && mainFrames > 0) parts.push(`${name} ${(ms / mainFrames).toFixed(2)}`);
  }
  return {
    fps: ts.length / seconds,
    frames: ts.length,
    seconds,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    worst: gaps.at(-1) ?? 0,
    over50ms: gaps.filter((g) => g > 50).length,
    mainFps: mainFrames / seconds,
    mainPerFrame: mainFrames ? busy / mainFrames : 0,
    parts: parts.join(", "),
  };
}

const LOADING_ROW = '[data-testid="tx-table"] [role="row"]:not([data-testid="tx-row"]):not([aria-rowindex="1"])';

/** Scrolls down `px` pixels at `speed` px/s the way a mouse wheel held down would. */
async function gesture(cdp: CDPSession, px: number, speed: number) {
  await cdp.send("Input.synthesizeScrollGesture", {
    x: 760,
    y: 600,
    yDistance: -px,
    speed,
    gestureSourceType: "mouse",
    preventFling: true,
  });
}

test("scrolling 100,000 rows stays smooth", async ({ page, browser }) => {
  test.setTimeout(1_800_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/login");
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(process.env.BENCH_PASSWORD ?? PASSWORD);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/transactions");
  await expect(page.getByTestId("tx-row").first()).toBeVisible();
  await page.waitForTimeout(1000);
  const cdp = await page.context().newCDPSession(page);
  const loadBefore = loadavg().map((n) => n.toFixed(2)).join(" ");

  // 1. To the bottom, the keyset pages loading on the way: gestures of 2 s until the end is
  // on screen and nothing loads. A light trace (frames and marks): this runs for minutes.
  await browser.startTracing(page, {
    categories: ["disabled-by-default-devtools.timeline.frame", "blink.user_timing", "__metadata"],
  });
  await page.evaluate(() => performance.mark("loading-start"));
  for (;;) {
    await gesture(cdp, 2 * SPEED_LOADING, SPEED_LOADING);
    const at = await page.evaluate(
      (sel) => ({
        end: window.scrollY >= document.documentElement.scrollHeight - window.innerHeight - 1,
        loading: document.querySelector(sel) !== null,
      }),
      LOADING_ROW,
    );
    if (at.end && !at.loading) break;
  }
  await page.evaluate(() => performance.mark("loading-end"));
  const trace1 = await browser.stopTracing();
  const rowsSeen = await page.evaluate(() =>
    Math.max(0, ...[...document.querySelectorAll('[data-testid="tx-row"]')].map((r) => Number(r.getAttribute("aria-rowindex")) - 1)),
  );

  // 2. Back at the top, 10,000 rows down through rows all loaded, with the full timeline.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1000);
  await browser.startTracing(page, {
    categories: ["devtools.timeline", "disabled-by-default-devtools.timeline.frame", "toplevel", "blink.user_timing", "__metadata"],
  });
  await page.evaluate(() => performance.mark("loaded-start"));
  await gesture(cdp, LOADED_ROWS * 56, SPEED_LOADED);
  await page.evaluate(() => performance.mark("loaded-end"));
  const trace2 = await browser.stopTracing();

  const read = (trace: Buffer): TraceEvent[] => {
    const parsed = JSON.parse(trace.toString("utf8")) as { traceEvents: TraceEvent[] } | TraceEvent[];
    return Array.isArray(parsed) ? parsed : parsed.traceEvents;
  };
  const stats = (events: TraceEvent[], label: string) => {
    const mark = (name: string) => {
      const e = events.filter((x) => x.name === name).at(-1);
      if (!e) throw new Error(`no ${name} mark in the trace`);
      return e.ts;
    };
    return frameStats(events, mark(`${label}-start`), mark(`${label}-end`));
  };
  const a = stats(read(trace1), "loading");
  const b = stats(read(trace2), "loaded");
  const line = (label: string, s: ReturnType<typeof frameStats>) =>
    `${label}: ${s.fps.toFixed(1)} frames/s (${s.frames} frames in ${s.seconds.toFixed(1)} s; frame interval p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, worst ${s.worst.toFixed(0)} ms; ${s.over50ms} intervals over 50 ms)` +
    (s.mainFps ? `\n    main thread: ${s.mainFps.toFixed(1)} frames/s, ${s.mainPerFrame.toFixed(2)} ms of work a frame (${s.parts})` : "");
  console.log(`load average before: ${loadBefore}`);
  console.log(line(`to the bottom at ${SPEED_LOADING} px/s, pages loading (${rowsSeen} rows)`, a));
  console.log(line(`${LOADED_ROWS} rows at ${SPEED_LOADED} px/s, all 100,000 loaded`, b));
  expect(rowsSeen).toBeGreaterThanOrEqual(ROWS);
  expect(a.fps).toBeGreaterThanOrEqual(50);
  expect(b.fps).toBeGreaterThanOrEqual(50);
});
