import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names. Unlike shadcn's default there is no tailwind-merge (9 KB gzipped on
 * every page): callers pass classes that add to a component's, never ones that fight them.
 */
export function cn(...inputs: ClassValue[]) {
  return clsx(inputs);
}

/** A `next` parameter that is a path on this site, never another origin. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
