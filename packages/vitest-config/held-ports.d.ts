/** Two neighbouring ports held until `close`. */
export interface HeldPorts {
  ports: [number, number];
  close(): Promise<void>;
}

/**
 * Holds two neighbouring ports on `host` (one the OS hands out, and the one after it) until `close`.
 *
 * @example
 * const held = await holdNeighbouringPorts(); // held.ports: [41234, 41235]
 */
export declare function holdNeighbouringPorts(host?: string): Promise<HeldPorts>;

/** Whether `host:port` can be listened on now (bound and released at once). */
export declare function canListen(host: string, port: number): Promise<boolean>;
