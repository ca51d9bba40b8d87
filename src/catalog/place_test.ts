import { assertEquals } from "../../tests/assert.ts";
import { placeName } from "./place.ts";

Deno.test("placeName joins the known names, most local first, and skips blank ones", () => {
  const none = { neighbourhood: null, locality: null, county: null, region: null, country: null };
  assertEquals(placeName(none), "");
  assertEquals(
    placeName({ ...none, neighbourhood: "Mitte", locality: "Berlin", country: "Germany" }),
    "Mitte, Berlin, Germany",
  );
  assertEquals(placeName({ ...none, locality: " ", region: "Kyoto" }), "Kyoto");
});
