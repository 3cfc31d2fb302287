/**
 * V8 tuning for the proxy service, applied by `main.ts` before anything else runs (the library
 * entry, `createApp`, leaves its host's engine alone).
 *
 * Allocation-site pretenuring is off. V8 watches which allocation sites' objects survive young
 * collections and, once a site looks long-lived, allocates its objects straight into the old
 * generation. Under a proxy's load the per-request objects live just long enough to trip that
 * (they wait on the upstream across a young collection) and then die: once a site is tenured the
 * old generation fills with them, V8 runs a full mark-compact every 100–300 ms instead of every
 * few seconds, and malloc'd buffers wait for those collections. Measured with the 100-item list at
 * 32 connections (`pnpm bench proxy`'s load, repeated 6 times each): with pretenuring, about half
 * the runs flip into that state (peak RSS 185–215 MB, 30–50% more CPU per request); without it,
 * none of 15 did (132–146 MB), at the same CPU per request in the other runs.
 *
 * The flag is read by the garbage collector as it runs, so setting it at start-up takes effect.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');
