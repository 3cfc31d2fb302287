import { type Clock, systemClock } from './clock.js';
import { CODE_OPTION_NAMES, type OptionNames } from './option-names.js';
import {
  createRateLimiter,
  formatRateLimit,
  type RateLimit,
  type RateLimiter,
  type Release,
  type SlidingWindowLimiter,
} from './rate-limiter.js';
import type { LanePace, RateLimitReport, UnreadableLimit } from './report-types.js';
import { createServerBudget, type ServerBudget } from './server-budget.js';

/**
 * Whose budget a request spends: the run's `token`, the `read-only` token, `other` (no token or a
 * wrong one: servers count those by client address), or `storage` (uploads and hosted files,
 * outside the API and its budget).
 */
export type Lane = 'token' | 'read-only' | 'other' | 'storage';

/** `X-RateLimit-Limit` counts requests per minute (Webflow, the assetkit proxy and sandbox). */
const ANNOUNCED_WINDOW_MS = 60_000;

/** What an answer's `X-RateLimit-Limit` says: a budget, or a value that cannot be one, and why. */
export type AnnouncedBudget = { requests: number } | { unreadable: string; reason: string };

/**
 * Reads `X-RateLimit-Limit` (requests per minute): `undefined` when the answer has none, the
 * budget when it is a positive integer of up to 9 digits, else the value and why it is unusable.
 *
 * @example
 * readAnnouncedLimit(new Headers({ 'x-ratelimit-limit': '30, 60' }));
 * // { unreadable: '30, 60', reason: 'it gives two different figures' }
 */
export function readAnnouncedLimit(headers: Headers): AnnouncedBudget | undefined {
  const header = headers.get('x-ratelimit-limit');
  if (header === null) {
    return undefined;
  }
  // A header sent twice arrives joined (`30, 30`): one figure, if both say the same.
  const values = new Set(header.split(',').map((v) => v.trim()));
  const [value = ''] = values;
  const reason =
    values.size > 1
      ? `it gives ${values.size === 2 ? 'two' : values.size} different figures`
      : value === ''
        ? 'it is empty'
        : !/^\d+$/.test(value)
          ? 'it is not a whole number of requests'
          : value.length > 9
            ? 'it has more than 9 digits'
            : Number(value) === 0
              ? 'a budget of 0 requests a minute cannot be kept to'
              : undefined;
  return reason === undefined ? { requests: Number(value) } : { unreadable: header.trim().slice(0, 60), reason };
}

/**
 * The budget an answer announces: `X-RateLimit-Limit` as a positive integer (requests per
 * minute), else `undefined`.
 *
 * @example
 * announcedLimit(new Headers({ 'x-ratelimit-limit': '60' })); // 60
 */
export function announcedLimit(headers: Headers): number | undefined {
  const read = readAnnouncedLimit(headers);
  return read && 'requests' in read ? read.requests : undefined;
}

/**
 * Whose budget each lane spends, with the tokens named as the entry point takes them (`--token`,
 * `token`).
 *
 * @example
 * laneNames(CLI_OPTION_NAMES)['read-only']; // '--token-read-only'
 */
export function laneNames(names: OptionNames): Readonly<Record<Lane, string>> {
  return {
    token: names.token,
    'read-only': names.readOnlyToken,
    other: 'calls without a valid token',
    storage: 'uploads and hosted files',
  };
}

/**
 * The run's rate limiter. Given a limit (`follow: false`, from `--rate-limit`), every request
 * keeps to it, in one window, whatever the server says. Without one (`follow: true`, `limit` is
 * then the default: none for loopback, 60/min otherwise), each lane starts at the default and,
 * once an answer to one of its requests announces `X-RateLimit-Limit`, keeps to that: the
 * server's own budget, so a run never spends it faster than it refills. A lower figure announced
 * later lowers the pace again; a higher one does not raise it. A figure that cannot be read
 * (`30, 60`, ten digits) changes nothing, and is told once per lane. Following the server, a
 * lane also keeps within what its answers say is left (`X-RateLimit-Remaining`, see
 * {@link createServerBudget}), pausing when that is spent. Either way, the lowest figure
 * announced to each lane is remembered for the report.
 *
 * @example
 * const limiter = createRunLimiter({ limit: null, follow: true, onAdopt: (l) => log(`${l.requests}/min`) });
 * const release = await limiter.acquire(signal, 'token');
 * limiter.observe(response.headers, 'token'); // X-RateLimit-Limit: 30 → 30 a minute from now on
 * release();
 */
export function createRunLimiter({
  limit,
  follow,
  clock,
  onAdopt,
  onNote,
  optionNames = CODE_OPTION_NAMES,
}: {
  limit: RateLimit | null;
  follow: boolean;
  clock?: Clock;
  /** How the lines name the tokens and the rate limit option: as code sets them unless told. */
  optionNames?: OptionNames;
  /** Called when a lane starts keeping to a figure the server announced, or a lower one. */
  onAdopt?: (limit: RateLimit, lane: Lane) => void;
  /** Told, in one line, what the server said of a lane's budget that the run could not use, and each pause for it. */
  onNote?: (line: string, lane: Lane) => void;
}): RateLimiter & {
  /** Takes in what an answer announces of a lane's budget (`X-RateLimit-Limit`); a release given the answer does this too. */
  observe(headers: Headers, lane?: string): void;
  report(): RateLimitReport;
  stopFollowing(): void;
} {
  const options = clock ? { limit, clock } : { limit };
  const laneName = laneNames(optionNames);
  const shared = createRateLimiter(options);
  const lanes = new Map<string, SlidingWindowLimiter>();
  /** What each lane was told: the lowest figure, whether it keeps to one, the first unusable value. */
  const heard = new Map<Lane, { announced: number | null; adopted: boolean; unreadable?: UnreadableLimit }>();
  const heardOf = (lane: Lane) => {
    let entry = heard.get(lane);
    if (!entry) {
      entry = { announced: null, adopted: false };
      heard.set(lane, entry);
    }
    return entry;
  };
  const laneOf = (lane: string): SlidingWindowLimiter => {
    if (!follow) {
      return shared;
    }
    let limiter = lanes.get(lane);
    if (!limiter) {
      limiter = createRateLimiter(options);
      lanes.set(lane, limiter);
    }
    return limiter;
  };
  const budgets = new Map<Lane, ServerBudget>();
  /** Set by `stopFollowing`: no more pauses for what is left, in any lane (the pace stays). */
  let stopped = false;
  /** Lanes told, since `stopFollowing`, that the pace holds their next request back. */
  const toldWait = new Set<Lane>();
  /**
   * Once the run is stopping (Ctrl-C), a wait for the pace is told, once per lane: cleanup would
   * otherwise sit silent for up to a window after the line that promised it.
   */
  const noteWait = (lane: Lane) => (ms: number) => {
    if (!stopped || ms < 1_000 || toldWait.has(lane)) {
      return;
    }
    toldWait.add(lane);
    const pace = `${formatRateLimit(laneOf(lane).limit())}${follow ? ` for ${laneName[lane]}` : ''}`;
    onNote?.(
      `cleanup waits ${Math.ceil(ms / 1_000)} s for the run's pace (${pace}) before its next request; Ctrl-C again to exit at once`,
      lane,
    );
  };
  /** What the server says is left of a lane's budget: kept only when following the server. */
  const budgetOf = (lane: Lane): ServerBudget => {
    let budget = budgets.get(lane);
    if (!budget) {
      budget = createServerBudget({
        clock: clock ?? systemClock,
        whose: laneName[lane],
        onPause: (line) => onNote?.(line, lane),
      });
      if (stopped) {
        budget.stopFollowing();
      }
      budgets.set(lane, budget);
    }
    return budget;
  };
  const paceOf = (lane: Lane): LanePace => {
    const { announced, adopted, unreadable } = heardOf(lane);
    const paused = budgets.get(lane)?.pauses();
    return {
      limit: laneOf(lane).limit(),
      source: !follow ? 'option' : adopted ? 'server' : 'default',
      announced,
      ...(unreadable && { unreadable }),
      ...(paused && paused.count > 0 && { paused }),
    };
  };
  /** Adopts or notes what an answer announces (`X-RateLimit-Limit`); whether it announced a readable per-minute budget. */
  function observe(headers: Headers, lane: Lane): boolean {
    const read = readAnnouncedLimit(headers);
    if (read === undefined || lane === 'storage') {
      return false;
    }
    const entry = heardOf(lane);
    if ('unreadable' in read) {
      if (!entry.unreadable) {
        entry.unreadable = { value: read.unreadable, reason: read.reason };
        const pace = formatRateLimit(laneOf(lane).limit());
        const from = !follow ? optionNames.rateLimit : entry.adopted ? 'as announced before' : 'the default';
        onNote?.(
          `X-RateLimit-Limit \`${read.unreadable}\` could not be read: ${read.reason}; the rate limit for ${laneName[lane]} stays ${pace} (${from})`,
          lane,
        );
      }
      return false;
    }
    const { requests } = read;
    entry.announced = Math.min(entry.announced ?? requests, requests);
    if (!follow) {
      return true;
    }
    const limiter = laneOf(lane);
    const current = limiter.limit();
    if (entry.adopted && current !== null && current.requests <= requests) {
      return true;
    }
    entry.adopted = true;
    const next = { requests, windowMs: ANNOUNCED_WINDOW_MS };
    limiter.setLimit(next);
    onAdopt?.(next, lane);
    return true;
  }
  return {
    async acquire(signal, name = 'token') {
      const lane = name as Lane;
      // Before the pace: when both would wait (a run spending its own fresh budget reaches the
      // end of what the server says is left as it reaches the pace), the wait is the pause for
      // the server's budget, told and counted, not a silent one.
      const settle = follow && lane !== 'storage' ? await budgetOf(lane).admit(signal) : undefined;
      let release: Release;
      try {
        release = await laneOf(lane).acquire(signal, lane, noteWait(lane));
      } catch (error) {
        settle?.('unsent');
        throw error;
      }
      return function released(answer?: Headers, status?: number) {
        const perMinute = answer !== undefined && observe(answer, lane);
        settle?.(answer ? { headers: answer, perMinute, ...(status !== undefined && { status }) } : 'failed');
        release();
      };
    },
    observe(headers, name = 'token') {
      observe(headers, name as Lane);
    },
    stopFollowing() {
      stopped = true;
      for (const budget of budgets.values()) {
        budget.stopFollowing();
      }
    },
    report: () => {
      // Each other lane that heard of a budget, or paused for one (an answer may say what is left
      // and when it refills without announcing X-RateLimit-Limit).
      const others = [...new Set([...heard.keys(), ...budgets.keys()])]
        .filter((lane) => lane !== 'token')
        .map((lane) => [lane, paceOf(lane)] as const)
        .filter(([, pace]) => pace.source === 'server' || pace.unreadable || pace.paused);
      return {
        ...paceOf('token'),
        ...(others.length > 0 && { lanes: Object.fromEntries(others) }),
      };
    },
  };
}
