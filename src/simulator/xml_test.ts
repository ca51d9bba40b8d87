import { assertEquals } from "../../tests/assert.ts";
import { toXml, xmlToJson } from "./xml.ts";

Deno.test("xml: Flickr's mapping both ways", () => {
  const answer = {
    photo: {
      id: "1",
      title: { _content: "A & B <c>" },
      tags: {
        tag: [{ id: "t1", raw: "New York", _content: "newyork" }, {
          id: "t2",
          raw: "x",
          _content: "x",
        }],
      },
      notes: { note: [] },
    },
    stat: "ok",
  };
  const xml = toXml(answer);
  assertEquals(
    xml,
    '<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="ok">\n<photo id="1">\n\t<title>A &amp; B &lt;c&gt;</title>\n' +
      '\t<tags>\n\t\t<tag id="t1" raw="New York">newyork</tag>\n\t\t<tag id="t2" raw="x">x</tag>\n\t</tags>\n' +
      "\t<notes />\n</photo>\n</rsp>\n",
  );
  assertEquals(xmlToJson(xml), {
    stat: "ok",
    photo: {
      id: "1",
      title: { _content: "A & B <c>" },
      tags: {
        tag: [{ id: "t1", raw: "New York", _content: "newyork" }, {
          id: "t2",
          raw: "x",
          _content: "x",
        }],
      },
      notes: {},
    },
  });
  const fail = toXml({ stat: "fail", code: 1, message: 'Photo "5" not found' });
  assertEquals(xmlToJson(fail), { stat: "fail", code: 1, message: 'Photo "5" not found' });
});
