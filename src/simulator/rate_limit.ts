/**
 * The API budget: a sliding one-hour window over API calls. Past the budget, calls get HTTP 429
 * with `Retry-After` (seconds until the oldest call in the window leaves it).
 *
 * @example
 * ```ts
 * const limit = new RateLimiter(3600);
 * const wait = limit.take(Date.now()); // 0 when allowed, else seconds to wait
 * ```
 * @module
 */

const HOUR_MS = 3_600_000;

/** Sliding-window counter of calls in the last hour. */
export class RateLimiter {
  #times: Float64Array;
  #head = 0;
  #count = 0;

  constructor(readonly callsPerHour: number) {
    if (!Number.isInteger(callsPerHour) || callsPerHour <= 0) {
      throw new Error(
        `Cannot set the rate limit: calls per hour must be a positive whole number, not ${callsPerHour}`,
      );
    }
    this.#times = new Float64Array(callsPerHour);
  }

  /** Records a call at `now` (ms) if the budget allows: returns 0, else the seconds to wait. */
  take(now: number): number {
    const cap = this.callsPerHour;
    // Drop calls that left the window.
    while (this.#count > 0 && this.#times[this.#head] <= now - HOUR_MS) {
      this.#head = (this.#head + 1) % cap;
      this.#count--;
    }
    if (this.#count >= cap) return (this.#times[this.#head] + HOUR_MS - now) / 1000;
    this.#times[(this.#head + this.#count) % cap] = now;
    this.#count++;
    return 0;
  }
}
