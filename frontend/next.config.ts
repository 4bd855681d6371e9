import type { NextConfig } from "next";

// A static export: `kakeibo serve` hands out `out/` on the same origin as the API, so
// there is no Node server in production and every page is a file (`/login` → login.html).
const nextConfig: NextConfig = {
  output: "export",
  trailingSlash: false,
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  // Only for `next dev`: the API lives on the Rust server.
  ...(process.env.NODE_ENV === "development"
    ? {
        async rewrites() {
          const api = process.env.KAKEIBO_API ?? "http://localhost:8080";
          return [{ source: "/api/:path*", destination: `${api}/api/:path*` }];
        },
      }
    : {}),
};

export default nextConfig;
