import { assert } from "../../tests/assert.ts";
import { IdSet } from "./id_set.ts";

Deno.test("IdSet: holds what was added, in any order, past its first allocation", () => {
  const ids = new IdSet();
  const added: string[] = [];
  // Descending, then ascending: sorting and growing both happen.
  for (let i = 3000; i > 0; i--) added.push(String(53_000_000_000 + i * 7));
  for (const id of added) ids.add(id);
  for (const id of added) assert(ids.has(id), id);
  assert(!ids.has("53000000001"));
  assert(!ids.has("1"));
  // Added after a question: found too.
  ids.add("52999999999");
  assert(ids.has("52999999999"));
});

Deno.test("IdSet: ids that are not plain numbers are kept as they are", () => {
  const ids = new IdSet();
  for (const id of ["0123", "import-7", "12345678901234567890", "42"]) ids.add(id);
  for (const id of ["0123", "import-7", "12345678901234567890", "42"]) assert(ids.has(id), id);
  // "0123" is not the number 123: a Flickr id never starts with 0, another id is not confused.
  assert(!ids.has("123"));
  assert(!ids.has("12345678901234567891"));
});
