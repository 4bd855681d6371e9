import type { Metadata } from "next";
import { PrivacySection } from "@/features/privacy/privacy-section";

export const metadata: Metadata = { title: "Privacy · Settings" };

export default function Page() {
  return <PrivacySection />;
}
