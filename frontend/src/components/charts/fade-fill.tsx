/** An area's fill: its colour at the top fading to nearly nothing at the bottom (inside `<defs>`). */
export function FadeFill({ id, color, opacity }: { id: string; color: string; opacity: number }) {
  return (
    <linearGradient id={id} x1="0" y1="0" x2="0" y2="1">
      <stop offset="0%" stopColor={color} stopOpacity={opacity} />
      <stop offset="100%" stopColor={color} stopOpacity={0.02} />
    </linearGradient>
  );
}
