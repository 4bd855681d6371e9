import type { Metadata } from "next";
import { ComingSoonSection } from "@/features/settings/info-sections";

export const metadata: Metadata = { title: "Privacy · Settings" };

export default function Page() {
  return <ComingSoonSection section="privacy" />;
}
