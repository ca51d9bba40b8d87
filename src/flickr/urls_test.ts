import { assertEquals } from "../../tests/assert.ts";
import { buddyIconUrl, DEFAULT_BUDDY_ICON, hasOwnIcon } from "./urls.ts";
import { buddyIconUrl as simulatorIconUrl } from "../simulator/sizes.ts";

Deno.test("buddyIconUrl: Flickr's farm host when iconserver > 0, the default icon otherwise", () => {
  assertEquals(
    buddyIconUrl({ nsid: "12037949754@N01", iconServer: "5", iconFarm: 1 }),
    "https://farm1.staticflickr.com/5/buddyicons/12037949754@N01.jpg",
  );
  assertEquals(buddyIconUrl({ nsid: "1@N01", iconServer: "0", iconFarm: 0 }), DEFAULT_BUDDY_ICON);
  assertEquals(buddyIconUrl({ nsid: "1@N01" }), DEFAULT_BUDDY_ICON);
  assertEquals(hasOwnIcon({ nsid: "1@N01", iconServer: "7", iconFarm: 0 }), false);
});

Deno.test("buddyIconUrl: a replaced origin serves the same paths as the simulator does", () => {
  const origin = "http://127.0.0.1:8123";
  for (
    const p of [
      { nsid: "100123456@N03", iconserver: "4242", iconfarm: 66 },
      { nsid: "100999000@N00", iconserver: "0", iconfarm: 0 },
    ]
  ) {
    assertEquals(
      buddyIconUrl({ nsid: p.nsid, iconServer: p.iconserver, iconFarm: p.iconfarm }, origin + "/"),
      simulatorIconUrl(origin, p),
    );
  }
});
