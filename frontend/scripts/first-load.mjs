#!/usr/bin/env node
// First-load JS of exported pages, gzipped: every script an HTML file loads before any
// interaction (its <script src> tags and preloads). `next build` (Turbopack, Next 16) no
// longer prints this table, so this measures it from `out/`.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const out = new URL("../out/", import.meta.url).pathname;
const pages = process.argv.slice(2).length ? process.argv.slice(2) : ["index", "login", "transactions", "404"];
const budget = 250 * 1024;
let failed = false;

for (const page of pages) {
  const file = join(out, `${page}.html`);
  if (!existsSync(file)) {
    console.error(`${page}.html: missing (run npm run build)`);
    failed = true;
    continue;
  }
  const html = readFileSync(file, "utf8");
  // Tags, not attributes in order: a `noModule` script (legacy polyfills) never loads in
  // the browsers this targets, so it does not count.
  const tags = [...html.matchAll(/<(?:script|link)\b[^>]*>/g)].map((m) => m[0]);
  const srcs = new Set(
    tags
      .filter((tag) => !/\bnoModule\b/i.test(tag))
      .filter((tag) => tag.startsWith("<script") || /rel="(?:modulepreload|preload)"/.test(tag))
      .map((tag) => /(?:src|href)="([^"]+\.js)"/.exec(tag)?.[1])
      .filter(Boolean),
  );
  let raw = 0;
  let gz = 0;
  for (const src of srcs) {
    const body = readFileSync(join(out, src.replace(/^\//, "")));
    raw += body.length;
    gz += gzipSync(body, { level: 9 }).length;
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const over = page === "index" && gz > budget;
  if (over) failed = true;
  console.log(`/${page === "index" ? "" : page}: ${srcs.size} scripts, ${kb(raw)} raw, ${kb(gz)} gzipped${over ? "  OVER 250 KB" : ""}`);
}
process.exit(failed ? 1 : 0);
