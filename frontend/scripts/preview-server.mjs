#!/usr/bin/env node
// Serves `out/` the way `kakeibo serve` does (`/x` → x.html, unknown paths → 404.html with
// status 404) and passes /api, /health and /ready on to KAKEIBO_API. For looking at layouts
// only: the end-to-end tests run against the real server.
//
//   KAKEIBO_API=http://localhost:8080 PORT=3000 node scripts/preview-server.mjs
//   MOCK_API=1 node scripts/preview-server.mjs     # canned answers, no server needed
import { createServer, request as httpRequest } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { mockAnswer } from "./mock-api.mjs";

const root = new URL("../out/", import.meta.url).pathname;
const port = Number(process.env.PORT ?? 3000);
const api = process.env.KAKEIBO_API ? new URL(process.env.KAKEIBO_API) : null;
const mock = process.env.MOCK_API === "1";

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

function file(path) {
  const full = normalize(join(root, path));
  if (!full.startsWith(root)) return null;
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const path = decodeURIComponent(url.pathname);
  if (path.startsWith("/api/") || path === "/health" || path === "/ready") {
    if (mock) return mockAnswer(req, res, path, url);
    if (!api) {
      res.writeHead(502, { "content-type": "text/plain" });
      return res.end("no KAKEIBO_API");
    }
    const upstream = httpRequest(
      { host: api.hostname, port: api.port, path: req.url, method: req.method, headers: { ...req.headers, host: api.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end("upstream down");
    });
    return req.pipe(upstream);
  }
  const found =
    file(path === "/" ? "index.html" : path) ?? (extname(path) ? null : file(`${path}.html`));
  const target = found ?? file("404.html");
  res.writeHead(found ? 200 : 404, { "content-type": types[extname(target)] ?? "application/octet-stream" });
  res.end(readFileSync(target));
}).listen(port, () => console.log(`preview on http://localhost:${port}${mock ? " (mock API)" : api ? ` → ${api}` : ""}`));
