"use client";

import { useCallback, useEffect, useState } from "react";

export type UrlState = Record<string, string>;

function read(): UrlState {
  return Object.fromEntries(new URLSearchParams(location.search));
}

/**
 * The page's query string as state: read after mount (the pages are static files, see
 * `use-query-param.ts`), written with `history` so a reload or a shared link opens the
 * same view. `null` until read. `push` adds a history entry (Back returns), else replace.
 */
export function useUrlState(): [UrlState | null, (patch: Record<string, string | null>, push?: boolean) => void] {
  const [state, setState] = useState<UrlState | null>(null);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setState(read());
    const onPop = () => setState(read());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const update = useCallback((patch: Record<string, string | null>, push = false) => {
    const params = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === "") params.delete(k);
      else params.set(k, v);
    }
    const query = params.toString();
    const url = `${location.pathname}${query ? `?${query}` : ""}${location.hash}`;
    if (push) history.pushState(history.state, "", url);
    else history.replaceState(history.state, "", url);
    setState(Object.fromEntries(params));
  }, []);
  return [state, update];
}
