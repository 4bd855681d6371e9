import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { axeViolations, settle, watchConsole } from "./helpers";
import { logInAs, OWN_CLIENT, registerByApi } from "./bg-helpers";
import { bearer, cashAccount, freshPage, sql } from "./privacy-helpers";
import { zipEntries, zipRead } from "./unzip";

/**
 * Settings → Privacy → "Export your data", with a throwaway user: the card says what the
 * zip holds and how long it stays; asking makes one (the job of the running server), the
 * list follows it until it is ready, and Download saves a zip whose manifest's hashes match
 * its data.ndjson, which holds the user's profile and transaction. Past its expiry (set in
 * the database) the export says it expired and offers a new one; asking while one waits
 * shows that one instead of a second, and a failed one says so.
 */
test.use(OWN_CLIENT);

interface Export {
  id: string;
  status: string;
}

test("export: ask, follow it to ready, download the zip; expired, waiting and failed ones say so", async ({
  browser,
  request,
}, info) => {
  test.setTimeout(120_000);
  const user = await registerByApi(request, "privacy-export");
  const api = await bearer(request, user);
  const account = await cashAccount(request, api, "Export e2e cash");
  const bakery = await request.post("/api/v1/transactions", {
    headers: api.headers,
    data: { account_id: account, booked_on: "2026-03-02", amount: "-12.34", description: "Export e2e bakery" },
  });
  expect(bakery.status(), await bakery.text()).toBe(201);
  const exports = async () =>
    (await (await request.get("/api/v1/privacy/exports", { headers: api.headers })).json()) as Export[];

  const page = await freshPage(browser, info);
  const errors = watchConsole(page);
  await logInAs(page, user, "/settings/privacy");
  const card = page.getByTestId("privacy-export");
  await expect(card.getByRole("heading", { level: 3, name: "Export your data" })).toBeVisible();
  await expect(card).toContainText("data.ndjson, which another Kakeibo can import");
  await expect(card).toContainText("CSV files");
  await expect(card).toContainText("README.txt");
  await expect(card.getByTestId("export-expiry")).toHaveText(
    "Once ready, an export can be downloaded for 7 days; then its file is deleted.",
  );
  await expect(card).toContainText("No exports yet.");
  await settle(page);
  expect(await axeViolations(page)).toEqual([]);

  // Asked for: the list follows it (polling) until it is ready.
  await card.getByRole("button", { name: "Request an export" }).click();
  const rows = card.getByTestId("export-row");
  await expect(rows).toHaveCount(1);
  const first = rows.first();
  await expect(first).toHaveAttribute("data-status", "ready", { timeout: 60_000 });
  await expect(first).toContainText("Ready");
  await expect(first).toContainText(/Requested .*\d{4}/);
  await expect(first).toContainText(/\d+(\.\d)? kB · can be downloaded until .*\d{4}/);
  const [ready] = await exports();
  expect(ready!.status).toBe("ready");
  await expect(card.getByRole("button", { name: "Request a new export" })).toBeEnabled();
  expect(await axeViolations(page)).toEqual([]);

  // Downloaded with the session's token, under the server's file name.
  const saved = page.waitForEvent("download");
  await first.getByRole("button", { name: /^Download/ }).click();
  const download = await saved;
  expect(download.suggestedFilename()).toMatch(/^kakeibo-export-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = await readFile(await download.path());
  const entries = zipEntries(zip);
  const names = entries.map((e) => e.name);
  expect(names).toEqual(expect.arrayContaining(["manifest.json", "data.ndjson", "README.txt", "transactions.csv"]));
  const file = (name: string) => zipRead(zip, entries.find((e) => e.name === name)!);
  const data = file("data.ndjson");
  const manifest = JSON.parse(file("manifest.json").toString("utf8")) as {
    files: { name: string; sha256: string }[];
  };
  expect(manifest.files.find((f) => f.name === "data.ndjson")?.sha256).toBe(createHash("sha256").update(data).digest("hex"));
  const records = data
    .toString("utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(records[0]).toMatchObject({ type: "profile", email: user.email });
  expect(records.filter((r) => r.type === "transaction").map((r) => r.amount)).toEqual(["-12.3400"]);

  // Past its expiry: it says so, offers a new export, and the file is gone (410).
  sql("UPDATE privacy_exports SET expires_at = now() - interval '1 minute' WHERE id = :'id'", { id: ready!.id });
  await page.reload();
  await expect(first).toHaveAttribute("data-status", "expired");
  await expect(first).toContainText("Expired");
  await expect(first).toContainText(/Expired .*\d{4}.*: its file is deleted\. Request a new export/);
  await expect(first.getByRole("button", { name: /^Download/ })).toHaveCount(0);
  await expect(card.getByRole("button", { name: "Request a new export" })).toBeEnabled();
  const gone = await request.get(`/api/v1/privacy/export/${ready!.id}/download`, { headers: api.headers });
  expect(gone.status()).toBe(410);

  // A request no worker has taken yet (a row without its job, so it stays queued as long as
  // needed). The page does not know it: asking answers that one, not a second.
  const waiting = sql(
    `INSERT INTO privacy_exports (id, user_id, status, created_at)
     SELECT gen_random_uuid(), id, 'queued', now() FROM users WHERE email = :'email' RETURNING id`,
    { email: user.email },
  );
  await card.getByRole("button", { name: "Request a new export" }).click();
  await expect(card.getByRole("status")).toContainText("An export is already being prepared: it is the one listed here.");
  await expect(rows).toHaveCount(2);
  await expect(first).toHaveAttribute("data-status", "queued");
  await expect(first).toContainText("Queued");
  await expect(first).toContainText("Waiting to start.");
  await expect(card.getByRole("button", { name: "Preparing your export…" })).toBeDisabled();
  expect((await exports()).map((e) => e.id)).toEqual([waiting, ready!.id]);
  expect(await axeViolations(page)).toEqual([]);

  // It fails: the polled list shows it, and a new export can be asked for again.
  sql("UPDATE privacy_exports SET status = 'failed', error = 'staged by the e2e test' WHERE id = :'id'", { id: waiting });
  await expect(first).toHaveAttribute("data-status", "failed", { timeout: 10_000 });
  await expect(first).toContainText("Failed");
  await expect(first).toContainText("It could not be made. Request a new export");
  await expect(card.getByRole("button", { name: "Request a new export" })).toBeEnabled();
  expect(errors).toEqual([]);
  await page.context().close();
});
