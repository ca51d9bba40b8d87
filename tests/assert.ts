/**
 * Assertions for tests. JSR (and so `@std/assert`) is unreachable where flickrvault is built, so
 * these wrap `node:assert/strict` under the names Deno's standard library uses.
 * @module
 */
import nodeAssert from "node:assert/strict";

/** Asserts that `actual` deeply and strictly equals `expected`. */
export function assertEquals<T>(actual: unknown, expected: T, msg?: string): asserts actual is T {
  if (msg === undefined) nodeAssert.deepStrictEqual(actual, expected);
  else nodeAssert.deepStrictEqual(actual, expected, msg);
}

/** Asserts that `actual` does not deeply equal `expected`. */
export function assertNotEquals(actual: unknown, expected: unknown, msg?: string): void {
  if (msg === undefined) nodeAssert.notDeepStrictEqual(actual, expected);
  else nodeAssert.notDeepStrictEqual(actual, expected, msg);
}

/** Asserts that `expr` is truthy. */
export function assert(expr: unknown, msg = "assertion failed"): asserts expr {
  nodeAssert.ok(expr, msg);
}

/** Asserts that `actual` matches `re`. */
export function assertMatch(actual: string, re: RegExp, msg?: string): void {
  if (msg === undefined) nodeAssert.match(actual, re);
  else nodeAssert.match(actual, re, msg);
}

/** Asserts that `actual` contains `expected`. */
export function assertStringIncludes(actual: string, expected: string, msg?: string): void {
  if (!actual.includes(expected)) {
    throw new nodeAssert.AssertionError({
      message: msg ??
        `Expected ${JSON.stringify(actual.slice(0, 500))} to include ${JSON.stringify(expected)}`,
      actual,
      expected,
    });
  }
}

/** Asserts that `fn` throws, optionally an error whose message includes `includes`. */
export function assertThrows(fn: () => unknown, includes?: string): Error {
  try {
    fn();
  } catch (e) {
    const err = e as Error;
    if (includes) assertStringIncludes(err.message, includes);
    return err;
  }
  throw new nodeAssert.AssertionError({ message: "Expected function to throw" });
}

/** Asserts that `fn` rejects, optionally with an error whose message includes `includes`. */
export async function assertRejects(fn: () => Promise<unknown>, includes?: string): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    const err = e as Error;
    if (includes) assertStringIncludes(err.message, includes);
    return err;
  }
  throw new nodeAssert.AssertionError({ message: "Expected promise to reject" });
}
