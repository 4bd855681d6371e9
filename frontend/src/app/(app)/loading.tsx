import { ShellLoading } from "@/components/shell/app-shell";

export default function Loading() {
  return <ShellLoading />;
}
