/**
 * The API call budget shared by every caller in a run. Flickr allows about 3,600 calls an hour
 * per key (summed over everyone using the key) and slows, 429s or switches off keys beyond it,
 * so calls are spent smoothly: a token bucket refilled at `callsPerHour / 3600` per second with a
 * small burst, rather than 3,600 calls in the first minutes and then a wall.
 *
 * @example
 * ```ts
 * const budget = new CallBudget(3600);
 * await budget.acquire(); // resolves at once, or when the next call is allowed
 * budget.estimateMs(1200); // ≈ 20 minutes at one call a second
 * ```
 * @module
 */

/** How many calls may go out at once before the steady rate applies. */
const DEFAULT_BURST = 3;

/** A token bucket of API calls, shared by everything that calls Flickr in one run. */
export class CallBudget {
  /** Calls per hour; `Infinity` when unlimited. */
  readonly callsPerHour: number;
  readonly #burst: number;
  readonly #msPerCall: number;
  #tokens: number;
  #refilledAt: number;
  #used = 0;
  /** Callers waiting for a token, in order. */
  #tail: Promise<void> = Promise.resolve();
  readonly #now: () => number;

  /**
   * @param callsPerHour the rate; 0 or `Infinity` mean unlimited.
   * @param options `burst`: calls that may go out back to back (default 3); `now`: a clock, for tests.
   */
  constructor(callsPerHour: number, options: { burst?: number; now?: () => number } = {}) {
    if (!(callsPerHour >= 0)) throw new RangeError(`callsPerHour must be ≥ 0, not ${callsPerHour}`);
    this.callsPerHour = callsPerHour === 0 ? Infinity : callsPerHour;
    this.#burst = Math.max(1, options.burst ?? DEFAULT_BURST);
    this.#msPerCall = 3_600_000 / this.callsPerHour;
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = this.#burst;
    this.#refilledAt = this.#now();
  }

  /** Calls acquired so far. */
  get used(): number {
    return this.#used;
  }

  /** True when there is no limit. */
  get unlimited(): boolean {
    return this.callsPerHour === Infinity;
  }

  /** Waits until one more call is allowed, then counts it. Callers are served in order. */
  acquire(): Promise<void> {
    const turn = this.#tail.then(() => this.#take());
    this.#tail = turn;
    return turn;
  }

  /**
   * Milliseconds needed to spend `n` more calls at this rate (ignoring the burst), for "time left"
   * estimates. 0 when unlimited.
   */
  estimateMs(n: number): number {
    if (this.unlimited || n <= 0) return 0;
    return n * this.#msPerCall;
  }

  async #take(): Promise<void> {
    if (!this.unlimited) {
      this.#refill();
      if (this.#tokens < 1) {
        const wait = (1 - this.#tokens) * this.#msPerCall;
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
        this.#refill();
      }
      this.#tokens = Math.max(0, this.#tokens - 1);
    }
    this.#used++;
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#refilledAt) / this.#msPerCall);
    this.#refilledAt = now;
  }
}
