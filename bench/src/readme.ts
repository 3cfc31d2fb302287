import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OURS, type ProxyBenchResult } from './suites/proxy-throughput.js';

const readmePath = join(dirname(fileURLToPath(import.meta.url)), '../../README.md');

/**
 * Replaces the README's block between `<!-- bench:<suite>:start -->` and `<!-- bench:<suite>:end -->`
 * with a fresh table; returns false when the README has no such block.
 */
export async function updateReadme(suite: string, markdown: string): Promise<boolean> {
  const readme = await readFile(readmePath, 'utf8');
  const start = `<!-- bench:${suite}:start -->`;
  const end = `<!-- bench:${suite}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) {
    return false;
  }
  const stamp = `_Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, by \`pnpm bench ${suite}\`._`;
  await writeFile(readmePath, `${readme.slice(0, from + start.length)}\n${stamp}\n\n${markdown}\n${readme.slice(to)}`);
  return true;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The proxy comparison: per endpoint, each contender's throughput and latency, with ratios. */
export function proxyTable(result: ProxyBenchResult): string {
  const endpoints = [...new Set(result.results.map((r) => r.endpoint))];
  const find = (contender: string, endpoint: string) =>
    result.results.find((r) => r.contender.startsWith(contender) && r.endpoint === endpoint);
  const rows = [
    '| endpoint | contender | req/s | p50 ms | p99 ms | CPU µs/req | peak RSS MB | assetkit req/s ÷ this | this CPU ÷ assetkit CPU | non-2xx |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const endpoint of endpoints) {
    const ours = find(OURS, endpoint);
    for (const r of result.results.filter((x) => x.endpoint === endpoint)) {
      if (!ours) {
        continue;
      }
      const within = result.ratios.find((x) => x.endpoint === endpoint && x.contender === r.contender);
      const ratio = within ? fmt(within.throughput, 2) : '';
      const cpuRatio = within && !r.contender.startsWith('direct') ? fmt(within.cpu, 2) : '';
      rows.push(
        `| ${endpoint} | ${r.contender} | ${fmt(r.requestsPerSecond)} | ${fmt(r.p50Ms, 1)} | ${fmt(r.p99Ms, 1)} | ${fmt(r.cpuMicrosPerRequest)} | ${Number.isNaN(r.peakRssMb) ? '' : fmt(r.peakRssMb)} | ${ratio} | ${cpuRatio} | ${r.non2xx + r.errors} |`,
      );
    }
  }
  const added = endpoints
    .flatMap((e) => {
      const [ours, direct] = [find(OURS, e), find('direct', e)];
      return ours && direct ? [`${e} ${fmt(ours.p99Ms - direct.p99Ms, 1)} ms`] : [];
    })
    .join(', ');
  const probe = [
    `| endpoint | contender | p50 µs | p99 µs | p99 added over direct, µs | failed |`,
    '|---|---|---:|---:|---:|---:|',
    ...endpoints.flatMap((e) => {
      const direct = find('direct', e);
      return result.results
        .filter((r) => r.endpoint === e)
        .map(
          (r) =>
            `| ${e} | ${r.contender} | ${fmt(r.probeP50Micros)} | ${fmt(r.probeP99Micros)} | ${direct && r !== direct ? fmt(r.probeP99Micros - direct.probeP99Micros) : ''} | ${r.probeFailures} |`,
        );
    }),
  ];
  const overFloor = endpoints.flatMap((e) => {
    const [ours, relay, direct] = [find(OURS, e), find('TCP relay', e), find('direct', e)];
    return ours && relay && direct
      ? [
          `${e}: the relay adds ${fmt(relay.probeP99Micros - direct.probeP99Micros)} µs, assetkit ${fmt(ours.probeP99Micros - relay.probeP99Micros)} µs more`,
        ]
      : [];
  });
  const floor =
    overFloor.length > 0
      ? `The TCP relay is the floor of any proxy here: one more Node process passing bytes along, with no HTTP and no validation. What it adds at p99 is what a process hop costs on this host, and what assetkit adds beyond it is its own: ${overFloor.join('; ')}.`
      : undefined;
  const memory = Object.entries(result.peakRssMb)
    .map(([name, mb]) => `${name} ${mb} MB`)
    .join('; ');
  const startup = Object.entries(result.startupMs)
    .map(([name, ms]) => {
      const [fastest, slowest] = result.startupRangeMs[name] ?? [ms, ms];
      return `${name} ${ms} ms (${fastest}–${slowest})`;
    })
    .join('; ');
  const memoryLine = `- Peak RSS: the column is each load's own peak, the median over the rounds (a fresh process's peak from its start through warm-up, load and latency probe). Highest of any load, per server: ${memory}.`;
  return [
    rows.join('\n'),
    '',
    `- ${result.rounds} rounds; in each, per endpoint, every contender runs back to back (order rotating per round): ${result.durationSeconds} s at ${result.connections} connections after a 3 s warm-up. Figures are medians over the rounds; the two ratio columns are taken within each round and then the median, so a change in the host's speed between rounds cancels out. autocannon runs in the bench process, each load against a fresh server process with Node's default flags (started, warmed up, loaded, probed, stopped), all in front of one static upstream (canned spec-valid bodies). CPU µs/req is the server process's user+system time divided by the requests it answered. A fresh process per load puts every contender in the same state whatever the order: a process kept across loads idles while the others are measured, and after about 8 s of that V8's memory reducer shrinks its heap, leaving the next load 2–3× costlier per request for longer than the warm-up (the bare passthrough's list: 115–150 µs of CPU a request at steady state, 356–374 µs after 15 s idle).`,
    `- p99 latency added by assetkit over calling the upstream directly, at full load: ${added}. At full load every server queues for the CPU (by Little's law, added latency ≈ ${result.connections} connections ÷ throughput), so the table below measures latency where it does not.`,
    // A run of the upstream alone (`BENCH_CONTENDERS=direct`) started no server: nothing to say of either.
    ...(memory ? [memoryLine] : []),
    ...(result.startupSamples > 0
      ? [
          `- Start-up to listening (process spawn included; median of at least ${result.startupSamples} fresh processes, the loads' own among them, fastest–slowest in brackets): ${startup}.`,
        ]
      : []),
    `- Host: ${result.host.cpuModel}, ${result.host.cores} cores; \`JSON.parse\` of the 100-item list body at ${fmt(result.host.jsonParseMbPerSecond)} MB/s (in the bench process, before the load). Runs on hosts whose figures differ are comparable only ratio by ratio, and the list's ratio to the bare passthrough moves with this figure: assetkit parses that body, the passthrough does not.`,
    '',
    `Latency at a fixed ${result.probeRatePerSecond} requests/s over the same ${result.connections} connections (an open loop timed to the microsecond, after each full-load run; medians over the rounds):`,
    '',
    probe.join('\n'),
    ...(floor ? ['', floor] : []),
  ].join('\n');
}
