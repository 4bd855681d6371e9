import { expect, test, type Page } from "@playwright/test";
import { axeViolations, settle, watchConsole } from "./helpers";
import { sharedSession, type Api } from "./rp-user";

/**
 * Rules and categories, against a running server, as the spec's own demo user: a rule made,
 * previewed, applied (the transactions' category changes, checked through the API), moved
 * with the keyboard and by dragging, deleted; categories added, renamed, moved, deleted.
 * Everything made here is named with a stamp and removed at the end.
 */

interface Rule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
}
interface Category {
  id: string;
  name: string;
  kind: string;
  parent_id: string | null;
}

const stamp = Date.now().toString(36);

test.describe("rules and categories", () => {
  test.describe.configure({ mode: "default" });
  let page: Page;
  let api: Api;
  let close: () => Promise<void>;
  test.beforeAll(async ({ browser }) => {
    ({ page, api, close } = await sharedSession(browser));
  });
  test.afterAll(async () => {
    // Whatever a failed test left behind.
    if (api) {
      for (const r of await api.get<Rule[]>("/api/v1/rules")) if (r.name.includes(stamp)) await api.send("DELETE", `/api/v1/rules/${r.id}`);
      for (const c of (await api.get<Category[]>("/api/v1/categories")).reverse())
        if (c.name.includes(stamp)) await api.send("DELETE", `/api/v1/categories/${c.id}`).catch(() => undefined);
    }
    await close?.();
  });
  test.beforeEach(async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
  });

  const rules = () => api.get<Rule[]>("/api/v1/rules");
  const categories = () => api.get<Category[]>("/api/v1/categories");
  async function newRule(name: string, category: string): Promise<Rule> {
    return api.send<Rule>("POST", "/api/v1/rules", {
      name,
      enabled: false,
      triggers: [{ type: "description", op: "contains", value: `no-such-text-${stamp}` }],
      actions: { category_id: category },
    });
  }

  test("both tabs render without console errors; the tab is in the URL", async () => {
    const errors = watchConsole(page);
    await page.goto("/rules");
    await settle(page);
    await expect(page.getByRole("heading", { level: 1, name: "Rules & categories" })).toBeVisible();
    await expect(page.getByRole("tab", { name: "Rules" })).toHaveAttribute("aria-selected", "true");
    // Arrow keys move between the tabs.
    await page.getByRole("tab", { name: "Rules" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("tab", { name: "Categories" })).toBeFocused();
    await expect(page).toHaveURL(/tab=categories/);
    await expect(page.getByTestId("kind-expense")).toBeVisible();
    await expect(page.getByTestId("kind-income")).toBeVisible();
    await expect(page.getByTestId("kind-transfer")).toBeVisible();
    await page.reload();
    await settle(page);
    await expect(page.getByRole("tab", { name: "Categories" })).toHaveAttribute("aria-selected", "true");
    await page.getByRole("tab", { name: "Categories" }).focus();
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByRole("tab", { name: "Rules" })).toHaveAttribute("aria-selected", "true");
    expect(errors).toEqual([]);
  });

  test("create a rule, preview it, apply it: the transactions' category changes", async () => {
    test.setTimeout(60_000);
    // A merchant with a handful of payments, and a fresh category to file them under.
    const from = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 7);
    const report = await api.get<{ merchants: { name: string; currency: string; transactions: number }[] }>(
      `/api/v1/analytics/merchants?from=${from}&limit=40`,
    );
    // The fewest payments (at least 3): the less this changes, the better.
    const merchant = report.merchants
      .filter((m) => m.transactions >= 3 && /^[\p{L} ]+$/u.test(m.name))
      .sort((a, b) => a.transactions - b.transactions)[0];
    expect(merchant, "a merchant with a few payments").toBeTruthy();
    const target = await api.send<Category>("POST", "/api/v1/categories", { name: `E2E target ${stamp}`, kind: "expense" });
    const name = `E2E ${merchant!.name} ${stamp}`;

    await page.goto("/rules");
    await settle(page);
    await page.getByRole("button", { name: "New rule" }).click();
    // Named "New rule", then "Edit rule" once saved.
    const sheet = page.getByRole("dialog");
    await expect(sheet).toHaveAccessibleName("New rule");
    await sheet.getByLabel("Name", { exact: true }).fill(name);
    await sheet.getByLabel("Condition 1: field").selectOption("merchant");
    await sheet.getByLabel("Condition 1: test").selectOption("contains");
    await sheet.getByLabel("Condition 1: text").fill(merchant!.name);
    await sheet.getByLabel("Set category").selectOption(target.id);
    await sheet.getByLabel("Add tags").fill(`e2e-${stamp}`);

    // No preview of an unsaved rule in the API: it is saved inactive first.
    await sheet.getByRole("button", { name: "Save inactive and preview" }).click();
    await expect(sheet.getByText("Saved as an inactive rule")).toBeVisible();
    await expect(sheet).toHaveAccessibleName("Edit rule");
    const saved = (await rules()).find((r) => r.name === name)!;
    expect(saved.enabled).toBe(false);
    const preview = await api.send<{ matched: number; transactions: { category_id: string | null }[] }>(
      "POST",
      `/api/v1/rules/${saved.id}/preview`,
    );
    expect(preview.matched).toBeGreaterThan(0);
    // What they were filed under, to put back at the end.
    const before = preview.transactions.map((t) => t.category_id).filter((c): c is string => !!c);
    const usual = before.sort((a, b) => before.filter((x) => x === b).length - before.filter((x) => x === a).length)[0];
    await expect(sheet.getByTestId("preview-count")).toHaveText(
      `${preview.matched} ${preview.matched === 1 ? "transaction matches" : "transactions match"}.`,
    );
    await expect(sheet.getByTestId("preview-row")).toHaveCount(Math.min(100, preview.matched));
    await expect(page.getByTestId("rule").filter({ hasText: name })).toContainText("Inactive");

    // Turned on and saved: the preview follows the stored rule.
    await sheet.getByLabel("Active: runs on new transactions").check();
    await expect(sheet.getByText("The preview shows the saved rule")).toBeVisible();
    await sheet.getByRole("button", { name: "Save", exact: true }).click();
    await expect(sheet.getByText("Saved.")).toBeVisible();
    expect((await rules()).find((r) => r.id === saved.id)?.enabled).toBe(true);

    // Applied to the existing transactions: the counts, then the API shows the new category.
    await sheet.getByRole("button", { name: `Apply to ${preview.matched} existing` }).click();
    const counts = sheet.getByTestId("apply-counts");
    await expect(counts).toContainText(`Applied to ${preview.matched} transaction`);
    const categorized = Number(/(\d+) categorized/.exec((await counts.textContent()) ?? "")?.[1]);
    expect(categorized).toBeGreaterThan(0);
    const filed = await api.get<{ transactions: { id: string; category_id: string }[] }>(
      `/api/v1/transactions?category_id=${target.id}&limit=200`,
    );
    expect(filed.transactions.length).toBe(categorized);
    expect(filed.transactions.every((t) => t.category_id === target.id)).toBe(true);
    // The preview now lists them under their new category.
    await expect(sheet.getByTestId("preview-row").first()).toContainText(target.name);

    // Escape closes the panel and gives focus back to the button that opened it.
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();
    await expect(page.getByRole("button", { name: "New rule" })).toBeFocused();

    // Deleted after a confirmation; what it set stays.
    await page.getByRole("button", { name: `Delete ${name}` }).click();
    const confirm = page.getByRole("alertdialog", { name: `Delete the rule “${name}”?` });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId("rule").filter({ hasText: name })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "New rule" })).toBeFocused();
    expect((await rules()).some((r) => r.id === saved.id)).toBe(false);

    // Put the spec user's data back as it was: the merchant's usual category again (by a
    // rule, as the demo's categorizer would), then the test's category goes.
    if (usual) {
      const back = await api.send<Rule>("POST", "/api/v1/rules", {
        name: `E2E restore ${stamp}`,
        enabled: false,
        triggers: [{ type: "merchant", op: "contains", value: merchant!.name }],
        actions: { category_id: usual },
      });
      await api.send("POST", `/api/v1/rules/${back.id}/apply`);
      await api.send("DELETE", `/api/v1/rules/${back.id}`);
    }
    await api.send("DELETE", `/api/v1/categories/${target.id}`);
  });

  test("the server's refusal shows beside the field that caused it", async () => {
    const any = (await categories()).find((c) => c.kind === "expense")!;
    await page.goto("/rules");
    await settle(page);
    await page.getByRole("button", { name: "New rule" }).click();
    const sheet = page.getByRole("dialog", { name: "New rule" });
    await sheet.getByLabel("Name", { exact: true }).fill(`E2E refused ${stamp}`);
    // A look-ahead: fine for the browser's patterns, not for the server's.
    await sheet.getByLabel("Condition 1: test").selectOption("regex");
    await sheet.getByLabel("Condition 1: text").fill("(?=rewe)");
    await sheet.getByLabel("Set category").selectOption(any.id);
    await sheet.getByRole("button", { name: "Save", exact: true }).click();
    const field = sheet.getByLabel("Condition 1: text");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(sheet.getByTestId("trigger").getByRole("alert")).toContainText("not a valid regular expression");
    await expect(field).toHaveAccessibleDescription(/not a valid regular expression/);
    // Without an action the form says so before sending.
    await sheet.getByLabel("Set category").selectOption("");
    await sheet.getByLabel("Condition 1: test").selectOption("contains");
    await sheet.getByRole("button", { name: "Save", exact: true }).click();
    await expect(sheet.getByText("Choose at least one action")).toBeVisible();
    await page.keyboard.press("Escape");
    expect((await rules()).some((r) => r.name.startsWith("E2E refused"))).toBe(false);
  });

  test("reorder rules with the keyboard, and by dragging", async () => {
    // The spec user's rules are the spec's own: start from none, so C can reach the top.
    for (const r of await rules()) await api.send("DELETE", `/api/v1/rules/${r.id}`);
    const category = (await categories()).find((c) => c.kind === "expense")!.id;
    const a = await newRule(`A ${stamp}`, category);
    const b = await newRule(`B ${stamp}`, category);
    const c = await newRule(`C ${stamp}`, category);
    const order = async () =>
      (await rules()).filter((r) => r.name.includes(stamp)).sort((x, y) => x.position - y.position).map((r) => r.name[0]).join("");
    const shown = async () =>
      (await page.getByTestId("rule-name").allInnerTexts())
        .map((t) => t.replace(/^\d+ of \d+:\s*/, ""))
        .filter((t) => t.includes(stamp))
        .map((t) => t[0])
        .join("");
    expect(await order()).toBe("ABC");
    await page.goto("/rules");
    await settle(page);
    expect(await shown()).toBe("ABC");

    const up = page.getByRole("button", { name: `Move ${c.name} up` });
    await up.focus();
    await page.keyboard.press("Enter");
    await expect.poll(shown).toBe("ACB");
    await expect.poll(order).toBe("ACB");
    await expect(page.getByTestId("rules-announce")).toContainText(`${c.name} moved to place`);
    // Focus stays with the rule: Enter again moves it on.
    await expect(up).toBeFocused();
    await page.keyboard.press("Enter");
    await expect.poll(shown).toBe("CAB");
    await expect.poll(order).toBe("CAB");
    // At the top "up" is off: focus moves to its "down" button; Space works like Enter.
    await expect(page.getByRole("button", { name: `Move ${c.name} down` })).toBeFocused();
    await page.keyboard.press("Space");
    await expect.poll(order).toBe("ACB");

    // Dragged: B onto the top half of A's row lands before A.
    const rowOf = (r: Rule) => page.locator(`[data-rule-id="${r.id}"]`);
    await rowOf(b).dragTo(rowOf(a), { sourcePosition: { x: 16, y: 20 }, targetPosition: { x: 40, y: 4 } });
    await expect.poll(order).toBe("BAC");
    await expect.poll(shown).toBe("BAC");
    // Still there after a reload.
    await page.reload();
    await settle(page);
    expect(await shown()).toBe("BAC");

    for (const r of [a, b, c]) await api.send("DELETE", `/api/v1/rules/${r.id}`);
  });

  test("categories: add, add a child, rename (the server refuses a taken name), move, delete", async () => {
    test.setTimeout(60_000);
    await page.goto("/rules?tab=categories");
    await settle(page);
    const parentName = `E2E parent ${stamp}`;
    const otherName = `E2E other ${stamp}`;
    const byName = async (name: string) => (await categories()).find((c) => c.name === name);

    // A top-level category, of a kind.
    const add = page.getByRole("form", { name: "New top-level category" });
    await add.getByLabel("Name").fill(parentName);
    await add.getByLabel("Kind").selectOption("expense");
    await add.getByRole("button", { name: "Add" }).click();
    await expect(page.getByText(`“${parentName}” added.`)).toBeVisible();
    await expect(page.getByTestId("kind-expense").getByText(parentName)).toBeVisible();
    expect((await byName(parentName))?.kind).toBe("expense");
    // The same name again at the top: refused, beside the field.
    await add.getByLabel("Name").fill(parentName);
    await add.getByRole("button", { name: "Add" }).click();
    await expect(add.getByRole("alert")).toHaveText("A category of this name already exists at this level.");
    await expect(add.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await add.getByLabel("Name").fill(otherName);
    await add.getByRole("button", { name: "Add" }).click();
    await expect(page.getByTestId("kind-expense").getByText(otherName)).toBeVisible();

    // Two children under the parent.
    for (const child of ["Child one", "Child two"]) {
      await page.getByRole("button", { name: `Add a subcategory to ${parentName}` }).click();
      const form = page.getByRole("form", { name: `New subcategory of ${parentName}` });
      await form.getByLabel(`New subcategory of ${parentName}`).fill(`${child} ${stamp}`);
      await form.getByRole("button", { name: "Add" }).click();
      await expect(form).toBeHidden();
      await expect(page.getByText(`${child} ${stamp}`)).toBeVisible();
    }
    const parent = (await byName(parentName))!;
    expect((await byName(`Child one ${stamp}`))?.parent_id).toBe(parent.id);

    // Rename: a sibling's name is refused beside the field; another one is taken.
    await page.getByRole("button", { name: `Rename Child two ${stamp}` }).click();
    const rename = page.getByRole("form", { name: "New name" });
    await rename.getByLabel("New name").fill(`Child one ${stamp}`);
    await rename.getByRole("button", { name: "Save" }).click();
    await expect(rename.getByRole("alert")).toHaveText("A category of this name already exists at this level.");
    await expect(rename.getByLabel("New name")).toHaveAccessibleDescription("A category of this name already exists at this level.");
    await rename.getByLabel("New name").fill(`Child renamed ${stamp}`);
    await rename.getByRole("button", { name: "Save" }).click();
    await expect(rename).toBeHidden();
    await expect(page.getByText(`Child renamed ${stamp}`)).toBeVisible();
    expect((await byName(`Child renamed ${stamp}`))?.parent_id).toBe(parent.id);

    // Move under the other parent (only expense categories are offered).
    await page.getByRole("button", { name: `Move Child renamed ${stamp}` }).click();
    const move = page.getByRole("form", { name: `Move Child renamed ${stamp}` });
    const other = (await byName(otherName))!;
    await expect(move.getByRole("option", { name: "Salary" })).toHaveCount(0);
    await move.getByLabel("Put it under").selectOption(other.id);
    await move.getByRole("button", { name: "Move" }).click();
    await expect(move).toBeHidden();
    await expect.poll(async () => (await byName(`Child renamed ${stamp}`))?.parent_id).toBe(other.id);
    await expect(page.locator(`[data-category-id="${other.id}"]`).getByText(`Child renamed ${stamp}`)).toBeVisible();

    // A move into a level that has the name already: refused beside the select.
    await api.send("POST", "/api/v1/categories", { name: `Child one ${stamp}`, parent_id: other.id });
    await page.getByRole("button", { name: `Move Child one ${stamp}` }).first().click();
    const move2 = page.getByRole("form", { name: `Move Child one ${stamp}` });
    await move2.getByLabel("Put it under").selectOption(other.id);
    await move2.getByRole("button", { name: "Move" }).click();
    await expect(move2.getByRole("alert")).toHaveText("A category of this name already exists at this level.");
    await move2.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("button", { name: `Move Child one ${stamp}` }).first()).toBeFocused();

    // Delete the parent: asked first; its child moves up a level.
    await page.getByRole("button", { name: `Delete ${parentName}` }).click();
    const confirm = page.getByRole("alertdialog", { name: `Delete the category “${parentName}”?` });
    await expect(confirm).toContainText("Its 1 subcategory moves up a level");
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.locator(`[data-category-name="${parentName}"]`)).toHaveCount(0);
    expect(await byName(parentName)).toBeUndefined();
    const moved = (await categories()).filter((c) => c.name === `Child one ${stamp}`);
    expect(moved.map((c) => c.parent_id).sort()).toEqual([null, other.id].sort());

    // Delete the rest through the page too.
    for (const name of [`Child renamed ${stamp}`, `Child one ${stamp}`, `Child one ${stamp}`, otherName]) {
      await page.getByRole("button", { name: `Delete ${name}` }).first().click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
      await expect(page.getByRole("alertdialog")).toBeHidden();
    }
    expect((await categories()).filter((c) => c.name.includes(stamp))).toEqual([]);
  });

  test("narrow screens: nothing is wider than the screen", async () => {
    const category = (await categories()).find((c) => c.kind === "expense")!.id;
    const long = await newRule(`A rule with a rather long name to see it wrap on a phone ${stamp}`, category);
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/rules");
      await settle(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.goto("/rules?tab=categories");
      await settle(page);
      await page.getByRole("button", { name: "Move Maintenance & Repairs" }).click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await api.send("DELETE", `/api/v1/rules/${long.id}`);
    }
  });

  for (const theme of ["light", "dark"] as const) {
    test(`axe, ${theme}: rules, the editor with a preview, categories with a form open`, async () => {
      test.setTimeout(60_000);
      await page.emulateMedia({ colorScheme: theme });
      const category = (await categories()).find((c) => c.kind === "expense")!.id;
      const a = await newRule(`Axe one ${stamp}`, category);
      const b = await newRule(`Axe two ${stamp}`, category);
      const found: string[] = [];
      try {
        await page.goto("/rules");
        await settle(page);
        found.push(...(await axeViolations(page)).map((v) => `list: ${v}`));
        await page.getByRole("button", { name: `Edit ${a.name}` }).click();
        await expect(page.getByTestId("preview-count")).toBeVisible();
        found.push(...(await axeViolations(page)).map((v) => `editor: ${v}`));
        await page.keyboard.press("Escape");
        await page.getByRole("button", { name: `Delete ${b.name}` }).click();
        found.push(...(await axeViolations(page)).map((v) => `confirm: ${v}`));
        await page.keyboard.press("Escape");
        await page.goto("/rules?tab=categories");
        await settle(page);
        found.push(...(await axeViolations(page)).map((v) => `categories: ${v}`));
        await page.getByRole("button", { name: "Rename Groceries" }).click();
        found.push(...(await axeViolations(page)).map((v) => `rename: ${v}`));
      } finally {
        for (const r of [a, b]) await api.send("DELETE", `/api/v1/rules/${r.id}`);
      }
      expect(found).toEqual([]);
    });
  }

  // Pictures to look at: `SCREENSHOTS=1 npm run test:e2e -- e2e/rules.spec.ts`.
  for (const theme of ["light", "dark"] as const) {
    test(`screenshots, ${theme}`, async () => {
      test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to take them");
      test.setTimeout(120_000);
      const dir = new URL("./screenshots/", import.meta.url).pathname;
      await page.emulateMedia({ colorScheme: theme });
      const all = await categories();
      const id = (name: string) => all.find((c) => c.name === name)!.id;
      const made: Rule[] = [];
      made.push(
        await api.send<Rule>("POST", "/api/v1/rules", {
          name: `Groceries at Rewe ${stamp}`,
          triggers: [{ type: "merchant", op: "contains", value: "rewe" }],
          actions: { category_id: id("Groceries"), add_tags: ["food"] },
          enabled: false,
        }),
        await api.send<Rule>("POST", "/api/v1/rules", {
          name: `Big card payments ${stamp}`,
          triggers: [
            { type: "amount", min: "500" },
            { type: "direction", direction: "out" },
          ],
          actions: { add_tags: ["large"] },
          enabled: false,
          stop_processing: true,
        }),
      );
      try {
        for (const [width, name] of [
          [1280, "desktop"],
          [390, "mobile"],
        ] as const) {
          await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
          await page.goto("/rules");
          await settle(page);
          await page.screenshot({ path: `${dir}${theme}_rules_${name}.png`, fullPage: true });
          await page.getByRole("button", { name: `Edit ${made[0]!.name}` }).click();
          await expect(page.getByTestId("preview-count")).toBeVisible();
          await page.waitForTimeout(300);
          await page.screenshot({ path: `${dir}${theme}_rules_editor_${name}.png` });
          await page.getByTestId("rule-preview").scrollIntoViewIfNeeded();
          await page.screenshot({ path: `${dir}${theme}_rules_preview_${name}.png` });
          await page.keyboard.press("Escape");
          await page.goto("/rules?tab=categories");
          await settle(page);
          await page.getByRole("button", { name: "Rename Groceries" }).click();
          // From the top: a full-page picture of a scrolled page shows the sticky shell mid-way.
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: `${dir}${theme}_categories_${name}.png`, fullPage: true });
        }
      } finally {
        for (const r of made) await api.send("DELETE", `/api/v1/rules/${r.id}`);
      }
    });
  }
});
