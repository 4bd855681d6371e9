import type { Metadata } from "next";
import { SessionsSection } from "@/features/settings/sessions-section";

export const metadata: Metadata = { title: "Sessions · Settings" };

export default function Page() {
  return <SessionsSection />;
}
