// The one rate limit of live editing: frames per connection, every frame counted at its arrival
// (chunks of a split message too, so repeating a chunk is not free). Frames are counted in fixed
// windows of `rateWindowMs`; a window holds up to maxMessagesPerSecond × its length in seconds,
// so a burst of twice the rate fits a two-second window. Fixed windows need one number per
// connection, which storage can count atomically in a single request on the serverless host.
import type { Limits } from "@accord/domain";

/** The window a frame arriving at `at` (epoch ms) is counted in. */
export function rateWindowOf(at: number, limits: Limits): number {
  return Math.floor(at / limits.collab.rateWindowMs);
}

/** Frames one window may hold. */
export function framesPerWindow(limits: Limits): number {
  return Math.ceil((limits.collab.maxMessagesPerSecond * limits.collab.rateWindowMs) / 1000);
}

/** Was the frame counted as number `framesInWindow` of its window within the limit? */
export function withinRate(framesInWindow: number, limits: Limits): boolean {
  return framesInWindow <= framesPerWindow(limits);
}

/** The count storage keeps on the serverless host, kept in memory by the local host. */
export class FrameCounter {
  private window = Number.NaN;
  private frames = 0;

  /** Count one frame arriving at `at`; returns how many its window holds now. */
  count(at: number, limits: Limits): number {
    const window = rateWindowOf(at, limits);
    if (window !== this.window) {
      this.window = window;
      this.frames = 0;
    }
    this.frames += 1;
    return this.frames;
  }
}
