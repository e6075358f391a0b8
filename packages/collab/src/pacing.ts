// Messages per second on the stateless path, where no instance remembers a connection's last
// message. The token bucket (rate `maxMessagesPerSecond`, bursts of twice that, as the stateful
// host's TokenBucket) is kept as one number: the time at which the bucket is full again (the
// generic cell rate algorithm). Counting a message moves that time to
// max(fullAt, now) + interval, which storage can do atomically in one write.
import type { Limits } from "@accord/domain";

export interface Pace {
  /** Milliseconds one message uses up. */
  intervalMs: number;
  /** Messages allowed at once from a full bucket. */
  burst: number;
}

export function paceOf(limits: Limits): Pace {
  const rate = limits.collab.maxMessagesPerSecond;
  return { intervalMs: 1000 / rate, burst: rate * 2 };
}

/** When a bucket full again at `fullAt` (null: never used) is full again after one more message. */
export function countMessage(fullAt: number | null, now: number, pace: Pace): number {
  return Math.max(fullAt ?? now, now) + pace.intervalMs;
}

/** Did the message that made the bucket full again at `fullAt` find a token at `now`? */
export function withinPace(fullAt: number, now: number, pace: Pace): boolean {
  // The bucket holds burst - (fullAt - now) / interval tokens after the message took its own.
  // A hundredth of a token absorbs rounding: fractional intervals summed onto epoch milliseconds.
  return fullAt - now <= (pace.burst + 0.01) * pace.intervalMs;
}

/** The bucket after the messages sent at `times`, counted in time order: null when none. */
export function replayMessages(times: readonly number[], pace: Pace): number | null {
  let fullAt: number | null = null;
  for (const at of [...times].sort((a, b) => a - b)) fullAt = countMessage(fullAt, at, pace);
  return fullAt;
}
