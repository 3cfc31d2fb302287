import { mkdirSync, writeFileSync } from 'node:fs';
import type { tallyOutcomes, WriteCheck } from './write-ledger.js';

/** What one injected fault cost the clients of the proxy. */
export interface FaultRow {
  fault: string;
  durationMs: number;
  clients: ReturnType<typeof tallyOutcomes>;
  writes: Pick<WriteCheck, 'acknowledged' | 'appliedUnacknowledged' | 'uploadsAcknowledged'> & {
    lost: number;
    duplicated: number;
  };
  notes: string;
}

const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([key, n]) => `${key}×${n}`)
    .join(', ') || '—';

/**
 * Writes `reports/faults.json` (collected by turbo with the other reports) and returns the same
 * figures as a Markdown table.
 *
 * @example
 * process.stdout.write(writeFaultReport(rows));
 */
export function writeFaultReport(rows: readonly FaultRow[]): string {
  mkdirSync(new URL('../reports/', import.meta.url), { recursive: true });
  const report = { measuredAt: new Date().toISOString(), node: process.version, faults: rows };
  writeFileSync(new URL('../reports/faults.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  const lines = [
    '| fault | requests | 2xx | statuses | transport errors | writes acked | lost | duplicated | applied, unacked |',
    '|---|---:|---:|---|---|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.fault} | ${r.clients.requests} | ${r.clients.ok} | ${counts(r.clients.byStatus)} | ${counts(r.clients.errors)} | ${r.writes.acknowledged} | ${r.writes.lost} | ${r.writes.duplicated} | ${r.writes.appliedUnacknowledged} |`,
    ),
  ];
  return `\n${lines.join('\n')}\n\n${rows.map((r) => `- ${r.fault}: ${r.notes}`).join('\n')}\n`;
}
