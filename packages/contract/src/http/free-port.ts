/**
 * Listens on a port of the host in question for a moment: the port bound (for 0, the one the OS
 * handed out), or undefined where it cannot. Node's `net`, which this package does not use: each
 * server passes its own (the sandbox's `probeListen`).
 */
export type PortProbe = (port: number) => Promise<number | undefined>;

/** How many ports after the one in use are tried before asking the OS for any free one. */
const NEIGHBOURS = 10;

/**
 * The port after `port` that is not `port` nor one of `taken`, counting on from `from`, the highest
 * wrapping round to 1024 (below it usually needs root). Not checked.
 */
export function nextPort(port: number, taken: readonly number[] = [], from = port): number {
  let candidate = from;
  do {
    candidate = candidate >= 65535 ? 1024 : candidate + 1;
  } while (candidate === port || taken.includes(candidate));
  return candidate;
}

/**
 * A port near `port` that was free when `probe` checked it: the first of the next few that could be
 * listened on, else one the OS hands out; never `port` nor one of `taken` (ports this process is
 * about to use). Free when checked only: something else may take it before it is used. Where
 * nothing can be listened on at all, or without a probe, the next port not taken, unchecked.
 *
 * @example
 * await freePortNear(8080, [4010], (port) => probeListen('127.0.0.1', port)); // 8081, or 8082 if 8081 is in use, …
 */
export async function freePortNear(port: number, taken: readonly number[], probe?: PortProbe): Promise<number> {
  if (!probe) {
    return nextPort(port, taken);
  }
  let candidate = port;
  for (let tried = 0; tried < NEIGHBOURS; tried++) {
    candidate = nextPort(port, taken, candidate);
    if ((await probe(candidate)) !== undefined) {
      return candidate;
    }
  }
  for (let tried = 0; tried < 3; tried++) {
    const any = await probe(0);
    if (any === undefined) {
      break;
    }
    if (any !== port && !taken.includes(any)) {
      return any;
    }
  }
  return nextPort(port, taken);
}
