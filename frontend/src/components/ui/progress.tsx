import { cn } from "@/lib/utils";

/** A bar from 0 to 100 (clamped); `marker` draws a tick, e.g. where the pace says to be. */
export function Progress({
  value,
  marker,
  label,
  tone = "default",
  className,
}: {
  value: number;
  marker?: number;
  label: string;
  tone?: "default" | "warning" | "negative";
  className?: string;
}) {
  const clamped = Math.max(0, Math.min(100, value));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamped)}
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-muted", className)}
    >
      <div
        className={cn(
          "h-full rounded-full transition-[width]",
          tone === "negative" ? "bg-negative" : tone === "warning" ? "bg-warning" : "bg-primary",
        )}
        style={{ width: `${clamped}%` }}
      />
      {marker !== undefined && (
        <div
          aria-hidden="true"
          className="absolute top-0 h-full w-0.5 bg-foreground/70"
          style={{ left: `${Math.max(0, Math.min(100, marker))}%` }}
        />
      )}
    </div>
  );
}
