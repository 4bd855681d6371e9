#!/usr/bin/env node
// The overview's figures (issue 19 targets): Lighthouse performance and accessibility, time
// to interactive, and the first-load JS, for the demo user signed in, with a cold HTTP
// cache, in Debian's Chromium. Prints one line per run and the medians.
//   KAKEIBO_URL=http://localhost:8080 node scripts/bench-overview.mjs [runs] [--mobile] [--measured]
//   (KAKEIBO_BENCH_REPORT=DIR also writes each run's Lighthouse report there)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import lighthouse from "lighthouse";

const base = process.env.KAKEIBO_URL ?? "http://localhost:8080";
const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
const mobile = process.argv.includes("--mobile");
// --measured: the same 40 ms / 10 Mbit/s applied to the real browser and the times read
// from the trace, instead of Lighthouse's model of the page's request graph (simulate),
// which starts a request only when the script that made it has finished on its own graph.
const measured = process.argv.includes("--measured");
const email = process.env.KAKEIBO_BENCH_EMAIL ?? "demo@kakeibo.local";
const password = process.env.KAKEIBO_BENCH_PASSWORD ?? "kakeibo demo";
const port = 9300 + Math.floor(Math.random() * 500);

const profile = mkdtempSync(join(tmpdir(), "kakeibo-bench-"));
// One persistent context: Lighthouse opens its tab in the same browser, so the refresh
// cookie from the login below restores the session, as for a returning user.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    `--remote-debugging-port=${port}`,
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const results = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${base}/login`);
  await page.getByLabel(/^(E-mail|E-Mail)$/).fill(email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(password);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.goto("about:blank");

  for (let run = 1; run <= runs; run++) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.clearBrowserCache");
    await cdp.detach();
    const { lhr } = await lighthouse(
      `${base}/`,
      { port, output: "json", logLevel: "error", disableStorageReset: true },
      {
        extends: "lighthouse:default",
        settings: {
          onlyCategories: ["performance", "accessibility"],
          formFactor: mobile ? "mobile" : "desktop",
          screenEmulation: mobile
            ? undefined
            : { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
          throttlingMethod: measured ? "devtools" : "simulate",
          ...(mobile
            ? {}
            : {
                throttling: {
                  rttMs: 40,
                  throughputKbps: 10240,
                  requestLatencyMs: 40,
                  downloadThroughputKbps: 10240,
                  uploadThroughputKbps: 10240,
                  cpuSlowdownMultiplier: 1,
                },
              }),
        },
      },
    );
    if (new URL(lhr.finalDisplayedUrl).pathname.startsWith("/login")) {
      throw new Error("Lighthouse landed on /login: the session was not restored");
    }
    const figure = {
      performance: Math.round(lhr.categories.performance.score * 100),
      accessibility: Math.round(lhr.categories.accessibility.score * 100),
      interactiveMs: Math.round(lhr.audits.interactive.numericValue),
      lcpMs: Math.round(lhr.audits["largest-contentful-paint"].numericValue),
      tbtMs: Math.round(lhr.audits["total-blocking-time"].numericValue),
      scriptKbGzip: Math.round(
        lhr.audits["network-requests"].details.items
          .filter((r) => r.resourceType === "Script")
          .reduce((sum, r) => sum + r.transferSize, 0) / 1024,
      ),
    };
    results.push(figure);
    // KAKEIBO_BENCH_REPORT=dir keeps each run's whole Lighthouse report, to see where time went.
    if (process.env.KAKEIBO_BENCH_REPORT) {
      writeFileSync(join(process.env.KAKEIBO_BENCH_REPORT, `overview-${run}.json`), JSON.stringify(lhr));
    }
    console.log(`run ${run}: ${JSON.stringify(figure)}`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
const median = (key) => {
  const sorted = results.map((r) => r[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
console.log(
  `median of ${results.length} (${mobile ? "mobile, simulated slow 4G" : "desktop"}${measured ? ", measured" : ""}): performance ${median("performance")}, ` +
    `accessibility ${median("accessibility")}, interactive ${median("interactiveMs")} ms, ` +
    `LCP ${median("lcpMs")} ms, TBT ${median("tbtMs")} ms, scripts ${median("scriptKbGzip")} KB transferred`,
);
