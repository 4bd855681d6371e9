import type { Metadata } from "next";
import { ComingSoonSection } from "@/features/settings/info-sections";

export const metadata: Metadata = { title: "Notifications · Settings" };

export default function Page() {
  return <ComingSoonSection section="notifications" />;
}
