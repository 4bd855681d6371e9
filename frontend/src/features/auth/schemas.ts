import { z } from "zod";
import type { Dictionary } from "@/lib/i18n/en";

/** Loose on purpose: the server decides what an address is; this catches typos early. */
export function emailSchema(t: Dictionary) {
  return z
    .string()
    .trim()
    .min(1, t.validation.required)
    .max(254, t.validation.max(254))
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, t.validation.email);
}

/** The server's rules (at least 10, at most 128 characters); it also checks the deny list. */
export function newPasswordSchema(t: Dictionary) {
  return z.string().min(10, t.validation.min(10)).max(128, t.validation.max(128));
}
