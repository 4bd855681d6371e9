/**
 * How an answer's data reads on screen: the table's cells (money in the row's currency,
 * days in the user's format), the chart's points, and the tool calls' arguments as a short
 * list ("Period: 1 Nov – 30 Nov 2026 · Categories: Groceries"). Pure functions of the
 * answer and the dictionary.
 */
import { formatDate, formatMoney, formatMonth, formatPercent, toNumber } from "@/lib/format";
import type { Dictionary } from "@/lib/i18n/en";
import type { AnswerChart, AnswerTable, ToolUse } from "./types";

type AskDict = Dictionary["ask"];

/** Columns holding amounts, written in the row's `currency`. */
const MONEY = new Set([
  "amount",
  "compared_with",
  "balance",
  "assets",
  "liabilities",
  "net_worth",
  "income",
  "spending",
  "net",
  "spent",
  "available",
  "remaining",
  "saved",
  "target",
  "monthly",
  "previous_amount",
  "usual",
]);
const DAYS = new Set(["date", "period", "period_end", "next_date", "projected_completion", "changed_since"]);
const PERCENT = new Set(["savings_rate_percent", "percent"]);
/** Words the server sends as values (`on_track`, `monthly`): read as words. */
const WORDS = new Set(["kind", "pace", "cadence"]);
/** Arguments whose values are the tools' own words (`previous_period`), not the user's. */
const ENUMS = new Set(["flow", "group_by", "compare", "sort", "direction"]);

export type Cell = string | number | boolean | null;

export interface Column {
  key: string;
  label: string;
  numeric: boolean;
  /** Amounts and days stay on one line. */
  nowrap: boolean;
}

export interface ShownTable {
  columns: Column[];
  rows: { key: string; cells: string[] }[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

function cellOf(v: unknown): Cell {
  if (v == null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return JSON.stringify(v);
}

function words(s: string): string {
  return s.replaceAll("_", " ");
}

function capitalized(s: string): string {
  return s ? s[0]!.toLocaleUpperCase() + s.slice(1) : s;
}

/** A day, or a month's first day when every value of the column is one (then "Nov 2026"). */
function dayText(v: string, monthly: boolean, locale: string, timeZone: string): string {
  if (MONTH.test(v)) return formatMonth(`${v}-01`, locale, true);
  if (monthly && DAY.test(v)) return formatMonth(v, locale, true);
  return formatDate(v, locale, timeZone);
}

function isMonthly(values: Cell[]): boolean {
  const days = values.filter((v): v is string => typeof v === "string");
  return days.length > 0 && days.every((d) => MONTH.test(d) || (DAY.test(d) && d.endsWith("-01")));
}

/** The label of the `group` column: what the spending was grouped by, when the call says. */
function groupLabel(t: AskDict, tools: ToolUse[]): string {
  const by = (tools[0]?.arguments as Record<string, unknown> | undefined)?.group_by;
  if (typeof by === "string" && t.values[by]) return capitalized(t.values[by]!);
  return t.columns.group ?? "";
}

/**
 * The table as strings, ready to draw. The currency column goes when amounts carry their
 * currency already, and so do columns with nothing in them.
 */
export function showTable(
  table: AnswerTable,
  tools: ToolUse[],
  t: AskDict,
  locale: string,
  timeZone: string,
): ShownTable {
  const names = table.columns;
  const rows = table.rows.map((r) => (r as unknown[]).map(cellOf));
  const currencyAt = names.indexOf("currency");
  const hasMoney = names.some((n) => MONEY.has(n));
  const shown = names
    .map((name, i) => ({ name, i }))
    .filter(({ name }) => !(name === "currency" && hasMoney))
    // A column with nothing in it (the period of a total, "converted" when nothing was) says nothing.
    .filter(({ i }) => rows.some((r) => r[i] != null && r[i] !== false && r[i] !== ""));
  const monthly = new Map(shown.map(({ name, i }) => [name, DAYS.has(name) && isMonthly(rows.map((r) => r[i] ?? null))]));
  const columns: Column[] = shown.map(({ name }) => ({
    key: name,
    label: name === "group" ? groupLabel(t, tools) : (t.columns[name] ?? capitalized(words(name))),
    numeric: MONEY.has(name) || PERCENT.has(name) || name === "transactions" || name === "score",
    nowrap: MONEY.has(name) || DAYS.has(name),
  }));
  const text = (name: string, v: Cell, row: Cell[]): string => {
    if (v === null || v === "") return "–";
    if (MONEY.has(name)) {
      const currency = currencyAt >= 0 ? String(row[currencyAt] ?? "") : "";
      return currency ? formatMoney(String(v), currency, locale) : String(v);
    }
    if (DAYS.has(name) && typeof v === "string") return dayText(v, monthly.get(name) ?? false, locale, timeZone);
    if (PERCENT.has(name)) return formatPercent(toNumber(v as string | number) / 100, locale, 1);
    if (name === "score") return toNumber(v as string | number).toFixed(2);
    if (typeof v === "boolean") return t.values[String(v)] ?? String(v);
    if (typeof v === "number") return new Intl.NumberFormat(locale).format(v);
    if (WORDS.has(name)) return words(v);
    return v;
  };
  return {
    columns,
    rows: rows.map((row, r) => ({
      key: String(r),
      cells: shown.map(({ name, i }) => text(name, row[i] ?? null, row)),
    })),
  };
}

export interface ChartPoint {
  label: string;
  [series: string]: string | number;
}

export interface ShownChart {
  /** "Amount by month", "Balance by account". */
  title: string;
  kind: "bar" | "line";
  currency: string;
  points: ChartPoint[];
  series: { key: string; label: string }[];
}

/**
 * The chart's points: the x column's labels and the series' amounts, in one currency (the
 * one most rows are in: amounts in different currencies are never drawn on one axis).
 * Null when there is too little to draw.
 */
export function showChart(
  table: AnswerTable,
  chart: AnswerChart,
  tools: ToolUse[],
  t: AskDict,
  locale: string,
  timeZone: string,
): ShownChart | null {
  const names = table.columns;
  const xAt = names.indexOf(chart.x);
  const currencyAt = names.indexOf("currency");
  const series = chart.series.filter((s) => names.includes(s));
  if (xAt < 0 || series.length === 0) return null;
  const rows = table.rows.map((r) => (r as unknown[]).map(cellOf));
  const counts = new Map<string, number>();
  for (const r of rows) {
    const c = currencyAt >= 0 ? String(r[currencyAt] ?? "") : "";
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const currency = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  const inCurrency = rows.filter((r) => currencyAt < 0 || String(r[currencyAt] ?? "") === currency);
  if (inCurrency.length < 2 || !currency) return null;
  const monthly = DAYS.has(chart.x) || chart.x === "group" ? isMonthly(inCurrency.map((r) => r[xAt] ?? null)) : false;
  const label = (v: Cell): string => {
    if (typeof v === "string" && (DAY.test(v) || MONTH.test(v))) {
      return MONTH.test(v) || monthly ? formatMonth(MONTH.test(v) ? `${v}-01` : v, locale) : formatDate(v, locale, timeZone, "short");
    }
    return v == null ? "–" : String(v);
  };
  const labelOf = (name: string) => (name === "group" ? groupLabel(t, tools) : (t.columns[name] ?? capitalized(words(name))));
  const seriesLabels = series.map((s) => ({ key: s, label: labelOf(s) }));
  return {
    // Other currencies are in the table only: the title says which one is drawn.
    title: `${t.chartTitle(seriesLabels.map((s) => s.label).join(" / "), labelOf(chart.x))}${counts.size > 1 ? ` (${currency})` : ""}`,
    kind: chart.kind === "line" ? "line" : "bar",
    currency,
    points: inCurrency.map((r) => {
      const point: ChartPoint = { label: label(r[xAt] ?? null) };
      for (const s of series) point[s] = toNumber(r[names.indexOf(s)] as string | number | null);
      return point;
    }),
    series: seriesLabels,
  };
}

/** A tool call's arguments as "label: value" pairs, leaving out what filters nothing. */
export function showArguments(
  args: unknown,
  t: AskDict,
  locale: string,
  timeZone: string,
): { label: string; value: string }[] {
  if (!args || typeof args !== "object") return [];
  const a = args as Record<string, unknown>;
  const out: { label: string; value: string }[] = [];
  const date = (v: unknown) => (typeof v === "string" && DAY.test(v) ? formatDate(v, locale, timeZone) : String(v));
  if (a.from != null || a.to != null) {
    const from = a.from != null ? date(a.from) : "…";
    const to = a.to != null ? date(a.to) : "…";
    out.push({ label: t.args.period ?? "period", value: a.from === a.to ? from : `${from} – ${to}` });
  }
  for (const [key, v] of Object.entries(a)) {
    if (key === "from" || key === "to") continue;
    if (v == null || v === false || v === "none" || v === "any") continue;
    if (Array.isArray(v) && v.length === 0) continue;
    const label = t.args[key] ?? capitalized(words(key));
    let value: string;
    if (Array.isArray(v)) value = v.map(String).join(", ");
    else if (typeof v === "boolean") value = t.values[String(v)] ?? String(v);
    else if (typeof v === "number") value = new Intl.NumberFormat(locale).format(v);
    else if (typeof v === "string" && DAY.test(v)) value = date(v);
    else if (typeof v === "string" && ENUMS.has(key)) value = t.values[v] ?? words(v);
    else if (typeof v === "string") value = v;
    else value = JSON.stringify(v);
    out.push({ label, value });
  }
  return out;
}

/** "Looking at spending" for a tool's name. */
export function toolStep(name: string, t: AskDict): string {
  return t.tools[name] ?? capitalized(words(name));
}
