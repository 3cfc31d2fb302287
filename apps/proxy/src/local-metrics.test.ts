import { type Metric, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LabelledHistogram, PairCounter } from './local-metrics.js';

describe('local metrics, rendered by prom-client', () => {
  it('render counters and cumulative histogram buckets in the Prometheus text format', async () => {
    const registry = new Registry();
    const counter = new PairCounter('x_requests_total', 'Requests', ['operation', 'status']);
    const histogram = new LabelledHistogram('x_latency_seconds', 'Latency', 'operation', [0.01, 0.1]);
    registry.registerMetric(counter as unknown as Metric);
    registry.registerMetric(histogram as unknown as Metric);
    counter.inc('get-asset', 200);
    counter.inc('get-asset', 200);
    counter.inc('get-asset', 404);
    histogram.observe('get-asset', 0.005);
    histogram.observe('get-asset', 0.05);
    histogram.observe('get-asset', 3);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE x_requests_total counter');
    expect(text).toContain('x_requests_total{operation="get-asset",status="200"} 2');
    expect(text).toContain('x_requests_total{operation="get-asset",status="404"} 1');
    expect(text).toContain('# TYPE x_latency_seconds histogram');
    expect(text).toContain('x_latency_seconds_bucket{le="0.01",operation="get-asset"} 1');
    expect(text).toContain('x_latency_seconds_bucket{le="0.1",operation="get-asset"} 2');
    expect(text).toContain('x_latency_seconds_bucket{le="+Inf",operation="get-asset"} 3');
    expect(text).toContain('x_latency_seconds_sum{operation="get-asset"} 3.055');
    expect(text).toContain('x_latency_seconds_count{operation="get-asset"} 3');
  });
});
