"use client";

import { useEffect } from "react";

/** The tab's title in the user's language (the exported HTML carries the English one). */
export function DocumentTitle({ title }: { title: string }) {
  useEffect(() => {
    document.title = `${title} · Kakeibo`;
  }, [title]);
  return null;
}
