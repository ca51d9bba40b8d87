import { assertEquals } from "../../tests/assert.ts";
import { concat, concatAll, releaseBody } from "./buffers.ts";

Deno.test("concat and concatAll: the parts one after another", () => {
  assertEquals([...concat(new Uint8Array([1, 2]), new Uint8Array([3]))], [1, 2, 3]);
  assertEquals([...concatAll([new Uint8Array([1]), new Uint8Array(), new Uint8Array([2, 3])], 3)], [
    1,
    2,
    3,
  ]);
  assertEquals(concatAll([], 0).length, 0);
});

Deno.test("releaseBody: frees a buffer of its own, never one another view shares", () => {
  const own = new Uint8Array([1, 2, 3]);
  releaseBody(own);
  assertEquals(own.buffer.byteLength, 0, "detached: its memory can go");
  const shared = new Uint8Array([1, 2, 3, 4]);
  const part = shared.subarray(1, 3);
  releaseBody(part);
  assertEquals([...shared], [1, 2, 3, 4], "the other view still reads its bytes");
  const whole = new Uint8Array(new ArrayBuffer(8), 0, 4);
  releaseBody(whole);
  assertEquals(whole.buffer.byteLength, 8, "a view of part of its buffer is left alone");
});
