/**
 * A set of item ids that stays small at 100,000 items: Flickr's ids are decimal numbers below
 * 2^53, kept as 8-byte numbers in one growing array (sorted when first asked), where a `Set` of the
 * strings costs several times that and keeps every string alive. Other ids (none from Flickr
 * today) go to a plain `Set`.
 *
 * @example
 * ```ts
 * const ids = new IdSet();
 * ids.add("53212345678");
 * ids.has("53212345678"); // true
 * ```
 * @module
 */

/** Up to 15 digits: every such number is exact in a double. */
const NUMERIC = /^[1-9]\d{0,14}$/;

/** See the module doc. Adding after asking is allowed (the numbers are sorted again). */
export class IdSet {
  #numbers = new Float64Array(1024);
  #count = 0;
  #sorted = true;
  #others = new Set<string>();

  add(id: string): void {
    if (!NUMERIC.test(id)) {
      this.#others.add(id);
      return;
    }
    if (this.#count === this.#numbers.length) {
      const grown = new Float64Array(this.#numbers.length * 2);
      grown.set(this.#numbers);
      this.#numbers = grown;
    }
    const n = Number(id);
    if (this.#count > 0 && n < this.#numbers[this.#count - 1]) this.#sorted = false;
    this.#numbers[this.#count++] = n;
  }

  has(id: string): boolean {
    if (!NUMERIC.test(id)) return this.#others.has(id);
    if (!this.#sorted) {
      this.#numbers.subarray(0, this.#count).sort();
      this.#sorted = true;
    }
    const n = Number(id);
    let lo = 0;
    let hi = this.#count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.#numbers[mid];
      if (v === n) return true;
      if (v < n) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
