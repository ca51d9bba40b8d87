import { assertEquals } from "../../tests/assert.ts";
import { list, text, textOrEmpty, toBool, toInt, toNumber, unixToIso } from "./parse.ts";

Deno.test("numbers arrive as numbers, strings, _content or junk", () => {
  assertEquals([toInt(75), toInt("150"), toInt({ _content: "2876" }), toInt(" 3 ")], [
    75,
    150,
    2876,
    3,
  ]);
  assertEquals([toInt(""), toInt(null), toInt(undefined), toInt("abc"), toInt(1.5)], [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
  assertEquals([toNumber("45.807258"), toNumber(-2.894419), toNumber("")], [
    45.807258,
    -2.894419,
    undefined,
  ]);
});

Deno.test("booleans arrive as 1/0, strings or booleans", () => {
  assertEquals([toBool(1), toBool("0"), toBool(true), toBool("yes"), toBool("")], [
    true,
    false,
    true,
    true,
    undefined,
  ]);
});

Deno.test("text unwraps _content and treats empty and null as unknown", () => {
  assertEquals([text({ _content: "Sunset" }), text(""), text(null), text(42)], [
    "Sunset",
    undefined,
    undefined,
    "42",
  ]);
  assertEquals(textOrEmpty(undefined), "");
});

Deno.test("list accepts an array, one object or nothing", () => {
  assertEquals(list([{ a: 1 }, "x", null]), [{ a: 1 }]);
  assertEquals(list({ a: 1 }), [{ a: 1 }]);
  assertEquals([list(undefined), list(""), list(null)], [[], [], []]);
});

Deno.test("unixToIso", () => {
  assertEquals(unixToIso("1459181105"), "2016-03-28T16:05:05.000Z");
  assertEquals([unixToIso("0"), unixToIso("")], [undefined, undefined]);
});
