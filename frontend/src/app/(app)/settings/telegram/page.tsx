import type { Metadata } from "next";
import { TelegramSection } from "@/features/notifications/telegram-section";

export const metadata: Metadata = { title: "Telegram · Settings" };

export default function Page() {
  return <TelegramSection />;
}
