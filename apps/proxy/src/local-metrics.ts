/**
 * Two metrics on the request hot path, kept as plain numbers and rendered only when `/metrics`
 * is scraped. prom-client's own counters and histograms hash their label set on every update,
 * a per-request cost the proxy's budget (see `pnpm bench proxy`) cannot spare. Both implement
 * the shape prom-client's registry renders (`name`, `help`, `type`, `get()`).
 */

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

interface MetricData {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: MetricValue[];
  aggregator: 'sum';
}

/**
 * A counter with a fixed pair of labels, e.g. requests by operation and status.
 *
 * @example
 * const requests = new PairCounter('assetkit_proxy_requests_total', 'Requests', ['operation', 'status']);
 * requests.inc('get-asset', 200);
 */
export class PairCounter {
  readonly type = 'counter';
  readonly aggregator = 'sum';
  readonly #counts = new Map<string, { a: string; b: string; n: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly [string, string],
  ) {}

  inc(a: string, b: string | number): void {
    const key = `${a}\u0000${b}`;
    const entry = this.#counts.get(key);
    if (entry) {
      entry.n++;
    } else {
      this.#counts.set(key, { a, b: String(b), n: 1 });
    }
  }

  async get(): Promise<MetricData> {
    const [la, lb] = this.labelNames;
    const values = [...this.#counts.values()].map(({ a, b, n }) => ({ labels: { [la]: a, [lb]: b }, value: n }));
    return { name: this.name, help: this.help, type: 'counter', values, aggregator: 'sum' };
  }
}

/**
 * A histogram with one label, e.g. upstream latency by operation.
 *
 * @example
 * const latency = new LabelledHistogram('assetkit_proxy_upstream_duration_seconds', 'Latency', 'operation', [0.01, 0.1, 1]);
 * latency.observe('get-asset', 0.004);
 */
export class LabelledHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #series = new Map<string, { counts: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelName: string,
    readonly buckets: readonly number[],
  ) {}

  observe(label: string, value: number): void {
    let series = this.#series.get(label);
    if (!series) {
      series = { counts: new Array(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.#series.set(label, series);
    }
    const i = this.buckets.findIndex((bound) => value <= bound);
    if (i >= 0) {
      series.counts[i] = (series.counts[i] ?? 0) + 1;
    }
    series.sum += value;
    series.count++;
  }

  async get(): Promise<MetricData> {
    const values: MetricValue[] = [];
    for (const [label, series] of this.#series) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += series.counts[i] ?? 0;
        values.push({
          labels: { le: bound, [this.labelName]: label },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      values.push({
        labels: { le: '+Inf', [this.labelName]: label },
        value: series.count,
        metricName: `${this.name}_bucket`,
      });
      values.push({ labels: { [this.labelName]: label }, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { [this.labelName]: label }, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' };
  }
}
