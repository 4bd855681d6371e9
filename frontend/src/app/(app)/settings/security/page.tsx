import type { Metadata } from "next";
import { SecuritySection } from "@/features/settings/security-section";

export const metadata: Metadata = { title: "Security · Settings" };

export default function Page() {
  return <SecuritySection />;
}
