import { SettingsLayout } from "@/features/settings/settings-layout";

/** The settings' own navigation beside each section's page. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <SettingsLayout>{children}</SettingsLayout>;
}
