/** A legend whose swatches are CSS colours (`var(--chart-3)`), for series picked at run time. */
export function SeriesLegend({ items }: { items: { label: string; color: string }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
      {items.map(({ label, color }) => (
        <li key={label} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="size-2.5 shrink-0 rounded-sm" style={{ background: color }} />
          {label}
        </li>
      ))}
    </ul>
  );
}
