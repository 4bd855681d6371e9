"use client";

import { useCallback, useEffect, useState } from "react";
import { parseFilters, serializeFilters, type TxFilters } from "./filters";

/**
 * The filters in the address bar. Read after mount (the page is a static file, see
 * `useQueryParam`), and again on Back/Forward. A change replaces the address (or pushes
 * it, for a change of view that Back should undo) without a navigation.
 */
export function useUrlFilters(): {
  filters: TxFilters | null;
  setFilters: (next: TxFilters, mode?: "replace" | "push") => void;
} {
  const [filters, setState] = useState<TxFilters | null>(null);

  useEffect(() => {
    const read = () => setState(parseFilters(location.search));
    read();
    window.addEventListener("popstate", read);
    return () => window.removeEventListener("popstate", read);
  }, []);

  const setFilters = useCallback((next: TxFilters, mode: "replace" | "push" = "replace") => {
    setState(next);
    const query = serializeFilters(next);
    const url = `${location.pathname}${query ? `?${query}` : ""}`;
    if (url === `${location.pathname}${location.search}`) return;
    if (mode === "push") history.pushState(history.state, "", url);
    else history.replaceState(history.state, "", url);
  }, []);

  return { filters, setFilters };
}
