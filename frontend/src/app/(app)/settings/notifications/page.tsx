import type { Metadata } from "next";
import { NotificationPreferencesSection } from "@/features/notifications/preferences-section";

export const metadata: Metadata = { title: "Notifications · Settings" };

export default function Page() {
  return <NotificationPreferencesSection />;
}
