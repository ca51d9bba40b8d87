import { assertEquals } from "../../tests/assert.ts";
import { normaliseUrl, oauthSignature, rfc3986, signatureBaseString } from "./oauth_signature.ts";

Deno.test("rfc3986 encodes the characters encodeURIComponent leaves alone", () => {
  assertEquals(rfc3986("a b!'()*~._-"), "a%20b%21%27%28%29%2A~._-");
  assertEquals(rfc3986("é/+="), "%C3%A9%2F%2B%3D");
  assertEquals(rfc3986("AZaz09-._~"), "AZaz09-._~");
  for (const c of "!'()* /?#[]@$&+,;=%") {
    assertEquals(rfc3986(c), "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
  }
});

Deno.test("normaliseUrl lower-cases scheme and host and drops the query and default port", () => {
  assertEquals(
    normaliseUrl("HTTP://Photos.Example.NET:80/photos?file=x"),
    "http://photos.example.net/photos",
  );
  assertEquals(
    normaliseUrl("http://127.0.0.1:8123/services/rest/"),
    "http://127.0.0.1:8123/services/rest/",
  );
});

Deno.test("RFC 5849 section 1.2 resource request vector", async () => {
  const sig = await oauthSignature({
    method: "GET",
    url: "http://photos.example.net/photos",
    params: {
      file: "vacation.jpg",
      size: "original",
      oauth_consumer_key: "dpf43f3p2l4k3l03",
      oauth_token: "nnch734d00sl2jdk",
      oauth_signature_method: "HMAC-SHA1",
      oauth_timestamp: "137131202",
      oauth_nonce: "chapoH",
    },
    consumerSecret: "kd94hf93k423kf44",
    tokenSecret: "pfkkdhi9sl3r4s00",
  });
  assertEquals(sig, "MdpQcU8iPSUjWoN/UDMsK2sui9I=");
});

Deno.test("Flickr's documented request_token vector", async () => {
  const params = {
    oauth_callback: "http://www.example.com",
    oauth_consumer_key: "653e7a6ecc1d528c516cc8f92cf98611",
    oauth_nonce: "95613465",
    oauth_signature_method: "HMAC-SHA1",
    oauth_timestamp: "1305586162",
    oauth_version: "1.0",
  };
  const url = "http://www.flickr.com/services/oauth/request_token";
  assertEquals(
    signatureBaseString("GET", url, params),
    "GET&http%3A%2F%2Fwww.flickr.com%2Fservices%2Foauth%2Frequest_token&oauth_callback%3Dhttp%253A%252F%252Fwww.example.com%26oauth_consumer_key%3D653e7a6ecc1d528c516cc8f92cf98611%26oauth_nonce%3D95613465%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1305586162%26oauth_version%3D1.0",
  );
  const sig = await oauthSignature({
    method: "GET",
    url,
    params,
    consumerSecret: "a9567d986a7539fe",
  });
  assertEquals(sig, "7w18YS2bONDPL/zgyzP5XTr5af4=");
});

Deno.test("Flickr's documented access_token vector", async () => {
  const sig = await oauthSignature({
    method: "GET",
    url: "http://www.flickr.com/services/oauth/access_token",
    params: {
      oauth_consumer_key: "653e7a6ecc1d528c516cc8f92cf98611",
      oauth_nonce: "37026218",
      oauth_signature_method: "HMAC-SHA1",
      oauth_timestamp: "1305586309",
      oauth_token: "72157626737672178-022bbd2f4c2f3432",
      oauth_verifier: "5d1b96a26b494074",
      oauth_version: "1.0",
    },
    consumerSecret: "a9567d986a7539fe",
    tokenSecret: "fccb68c4e6103197",
  });
  assertEquals(sig, "UD9TGXzrvLIb0Ar5ynqvzatM58U=");
});
