// The results page's charts, drawn with Chartist (SVG). Loaded only by the results page, so the
// charting code stays out of the app's entry. Each chart is an image with a short name; the
// numbers themselves are in the table beside it.
import { BarChart } from "chartist";
import "chartist/dist/index.css";

export interface Bar {
  label: string;
  value: number;
}

/** Respondents per answer (or option): one bar each, lowest point first. */
export function distributionChart(host: HTMLElement, bars: readonly Bar[]): void {
  new BarChart(
    host,
    { labels: bars.map((bar) => bar.label), series: [bars.map((bar) => bar.value)] },
    {
      height: `${Math.max(160, bars.length * 34 + 40)}px`,
      horizontalBars: true,
      reverseData: true,
      axisX: { onlyInteger: true },
      axisY: { offset: 160 },
      chartPadding: { top: 10, right: 20, bottom: 0, left: 0 },
    },
  );
}

export interface Difference {
  label: string;
  /** Science & technology minus diplomacy; null when the cell is suppressed. */
  difference: number | null;
}

/**
 * Diverging bars around zero: to the right, the S&T community agrees more than the diplomatic
 * one; to the left, less. Suppressed rows have no bar.
 */
export function differenceChart(host: HTMLElement, rows: readonly Difference[]): void {
  const reach = Math.max(1, ...rows.map((row) => Math.abs(row.difference ?? 0)));
  new BarChart(
    host,
    {
      labels: rows.map((row) => row.label),
      series: [rows.map((row) => row.difference)],
    },
    {
      height: `${Math.max(160, rows.length * 40 + 40)}px`,
      horizontalBars: true,
      reverseData: true,
      high: Math.ceil(reach * 10) / 10,
      low: -Math.ceil(reach * 10) / 10,
      referenceValue: 0,
      // Room for labels such as "-1.25" side by side.
      axisX: { scaleMinSpace: 48 },
      axisY: { offset: 200 },
      chartPadding: { top: 10, right: 20, bottom: 0, left: 0 },
    },
  );
}
