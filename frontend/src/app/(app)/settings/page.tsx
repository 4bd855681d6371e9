import type { Metadata } from "next";
import { ProfileSection } from "@/features/settings/profile-section";

export const metadata: Metadata = { title: "Settings" };

export default function Page() {
  return <ProfileSection />;
}
