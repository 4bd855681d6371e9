import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against a running `kakeibo` (it serves `out/` and the API on one
 * origin). Debian's Chromium: Playwright's own browsers are never downloaded.
 */
export default defineConfig({
  testDir: ".",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.KAKEIBO_URL ?? "http://localhost:8080",
    trace: "off",
    screenshot: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
