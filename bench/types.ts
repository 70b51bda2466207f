export interface BenchResult {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}
