import type { Metadata } from "next";
import { NotFound } from "@/components/shell/not-found";

export const metadata: Metadata = { title: "Not found" };

/** Exported as `404.html`; the server answers unknown paths with it (status 404). */
export default function NotFoundPage() {
  return <NotFound />;
}
