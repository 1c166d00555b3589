import { useId } from 'react';

/** One bar: a label, its value and the text a screen reader hears for it. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

/** Props of {@link BarChart}. */
export interface BarChartProps {
  readonly title: string;
  readonly bars: readonly Bar[];
  /** The value of a full-length bar (e.g. 1 for a yield). */
  readonly max: number;
  /** What to say when there is nothing to draw. */
  readonly emptyText: string;
}

const ROW = 26;
const LABEL_W = 150;
const BAR_W = 260;
const VALUE_W = 190;

/**
 * A horizontal bar chart as SVG, with its data repeated as a visually hidden list (the text
 * alternative): the SVG is `role="img"` labelled by the title and described by the list.
 */
export function BarChart({ title, bars, max, emptyText }: BarChartProps) {
  const id = useId();
  if (bars.length === 0) {
    return (
      <figure className="chart">
        <figcaption>{title}</figcaption>
        <p className="muted">{emptyText}</p>
      </figure>
    );
  }
  const height = bars.length * ROW + 4;
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-data`} width={LABEL_W + BAR_W + VALUE_W} height={height} viewBox={`0 0 ${LABEL_W + BAR_W + VALUE_W} ${height}`}>
        {bars.map((b, i) => {
          const w = max <= 0 ? 0 : Math.max(0, Math.min(1, b.value / max)) * BAR_W;
          const y = i * ROW + 2;
          return (
            <g key={b.label}>
              <text className="chart-label" x={LABEL_W - 6} y={y + 16} textAnchor="end">
                {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
              </text>
              <rect className="chart-bar" x={LABEL_W} y={y + 3} width={w} height={ROW - 8} rx={3} />
              <text className="chart-value" x={LABEL_W + w + 6} y={y + 16}>
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
      <ul id={`${id}-data`} className="visually-hidden">
        {bars.map((b) => (
          <li key={b.label}>
            {b.label}: {b.text}
          </li>
        ))}
      </ul>
    </figure>
  );
}
