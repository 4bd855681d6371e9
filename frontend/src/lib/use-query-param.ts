"use client";

import { useEffect, useState } from "react";

/**
 * A query-string parameter, read after mount. The pages are static files: reading
 * `location` here (instead of `useSearchParams`) keeps them rendered in the exported HTML.
 * `undefined` until read; `null` when absent.
 */
export function useQueryParam(name: string): string | null | undefined {
  const [value, setValue] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setValue(new URLSearchParams(location.search).get(name));
  }, [name]);
  return value;
}
