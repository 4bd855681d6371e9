"use client";

import { useMemo } from "react";
import { create } from "qrcode";
import { cn } from "@/lib/utils";

/** Modules of quiet zone around the code, as the QR standard asks. */
const QUIET = 4;

/**
 * A QR code drawn as an <svg> from the code's module matrix (computed here, in the browser:
 * no network, no inline script, no HTML injected). Always dark on white: scanners need it,
 * whatever the theme.
 */
export function QrCode({ value, label, className }: { value: string; label: string; className?: string }) {
  const { size, path } = useMemo(() => {
    const { modules } = create(value, { errorCorrectionLevel: "M" });
    const n = modules.size;
    let d = "";
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        if (modules.data[y * n + x]) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
      }
    }
    return { size: n + 2 * QUIET, path: d };
  }, [value]);
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
      className={cn("rounded-lg bg-white", className)}
      data-testid="qr-code"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
