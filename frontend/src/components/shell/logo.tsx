export function Logo({ className }: { className?: string }) {
  return (
    <span className={className ? `flex items-center gap-2 ${className}` : "flex items-center gap-2"}>
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden="true">
        <rect width="32" height="32" rx="8" className="fill-primary" />
        <path
          d="M9 8v16M9 16l8-8M9 16l8 8M20 12h5M20 16h5M20 20h5"
          className="stroke-primary-foreground"
          strokeWidth="2.4"
          strokeLinecap="round"
          fill="none"
        />
      </svg>
      <span className="text-lg font-semibold tracking-tight">Kakeibo</span>
    </span>
  );
}
