/** One round trip to the server: our clock when we asked and when the answer came, and the server's clock in between (epoch ms). */
export interface ClockSample {
  readonly sent: number;
  readonly server: number;
  readonly received: number;
}

/** The server's clock less ours, in ms, within ± `accuracy` ms, from `samples` round trips. */
export interface ClockOffset {
  readonly offset: number;
  readonly accuracy: number;
  readonly samples: number;
}

/**
 * NTP's estimate over many round trips: each says the server read its clock somewhere within the
 * trip, at best halfway. The faster half of the trips (least queued on the way) each give an
 * offset; their median is the estimate, and half the slowest of them bounds its error.
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockOffset | undefined {
  if (samples.length === 0) return undefined;
  const trips = samples
    .map((s) => ({ rtt: s.received - s.sent, offset: s.server - (s.sent + s.received) / 2 }))
    .sort((a, b) => a.rtt - b.rtt)
    .slice(0, Math.ceil(samples.length / 2));
  const offsets = trips.map((trip) => trip.offset).sort((a, b) => a - b);
  return { offset: offsets[Math.floor(offsets.length / 2)]!, accuracy: trips.at(-1)!.rtt / 2, samples: samples.length };
}

/** Ms since the epoch, to the microsecond: the clock two machines compare. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
