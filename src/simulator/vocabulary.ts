/**
 * The words the synthetic account is made of: titles, descriptions, comments, places, cameras,
 * tags and licences, chosen to exercise every awkward case an archiver meets on real accounts
 * (non-Latin text, hostile HTML, empty and duplicated titles, raw tags with capitals and spaces).
 *
 * Tested by src/simulator/account_test.ts and src/catalog/licenses_test.ts.
 * @module
 */

/** Ordinary titles; several are used by many photos, so titles repeat. */
export const TITLES: readonly string[] = [
  "Sunset",
  "Untitled",
  "Morning walk",
  "The old harbour",
  "Birthday party",
  "Snow day",
  "Street market",
  "Mountains in fog",
  "Kitchen experiments",
  "City lights",
  "Grandma's garden",
  "On the road again",
  "Rainy afternoon",
  "Festival crowd",
  "Cat on the windowsill",
];

/** Titles in other scripts, with emoji and combining characters. */
export const NON_LATIN_TITLES: readonly string[] = [
  "東京タワーの夜景",
  "Закат над Невой",
  "شاطئ البحر عند الغروب",
  "서울 야경",
  "Ελληνικά νησιά",
  "🌅 Sunrise at the beach 🌊",
  "Café crème à Montréal",
  "नई दिल्ली का बाज़ार",
  "שקיעה בים",
  "北京 · 故宫",
];

/** A title of about 300 characters, longer than most layouts expect. */
export const LONG_TITLE: string =
  "A very long title that keeps going because the photographer wanted to tell the whole story " +
  "of the day in the title field instead of the description: we left at dawn, missed the ferry, " +
  "waited three hours in the rain, met a dog called Biscuit, and finally reached the lighthouse " +
  "just as the clouds broke open";

/** Descriptions: empty, plain, with links and line breaks, and with hostile markup. */
export const DESCRIPTIONS: readonly string[] = [
  "",
  "",
  "",
  "A quiet moment.",
  "Shot on a cold morning.\nThe light lasted about five minutes.\n\nWorth getting up for.",
  'More from this trip on <a href="https://example.com/blog/trip" rel="noreferrer nofollow">my blog</a>.',
  'Prints available at <a href="https://shop.example.com/prints?id=42&amp;size=large">the shop</a> &amp; the market.',
  '<b>Bold</b> and <i>italic</i> text with an <a href="https://en.wikipedia.org/wiki/Harbour">encyclopedia link</a>.',
  'Nice view<script>alert("xss")</script>',
  'Look: <img src="x" onerror="alert(document.cookie)">',
  '<a href="javascript:alert(1)">Click here</a> for the full set',
  '<iframe src="https://evil.example/frame"></iframe>Embedded content',
  '<p onclick="steal()" style="position:fixed;top:0">Styled paragraph</p>',
  "Texto en español con acentos: ¡qué día más bonito!",
  "日本語の説明文です。\n改行もあります。",
];

/** Comment bodies (HTML as Flickr sends it). */
export const COMMENTS: readonly string[] = [
  "Great shot!",
  "Wonderful light.",
  "Love the colours 😍",
  'Seen in <a href="https://www.flickr.com/groups/bestof/">Best Of</a>. Please add it to the group!',
  "<b>Fantastic</b> composition.",
  "Where was this taken?\nI would love to go there.",
  "Beautiful<script>alert('comment')</script>",
  '<img src="https://example.com/award.gif" onerror="alert(1)"> You won an award!',
  '<a href="javascript:void(0)">award</a>',
  "Très belle photo !",
  "素晴らしい写真ですね",
  "Thanks everyone for the kind words.",
];

/** Note texts. */
export const NOTES: readonly string[] = [
  "Look at this!",
  "That's me",
  "The old lighthouse",
  "so cute",
  "<b>here</b>",
  "Our house\nsecond floor",
];

/** A place where geotagged photos are, with its Flickr place hierarchy. */
export interface Place {
  latitude: number;
  longitude: number;
  placeId: string;
  woeid: string;
  neighbourhood?: string;
  locality: string;
  county?: string;
  region: string;
  country: string;
}

/** Places with their hierarchy, as `flickr.photos.getInfo` names them. */
export const PLACES: readonly Place[] = [
  {
    latitude: 51.50735,
    longitude: -0.12776,
    placeId: "hP_s5s9VVr5Qcg",
    woeid: "44418",
    neighbourhood: "Covent Garden",
    locality: "London",
    county: "Greater London",
    region: "England",
    country: "United Kingdom",
  },
  {
    latitude: 35.6762,
    longitude: 139.6503,
    placeId: "SDV.EEZQVr4oHOc",
    woeid: "1118370",
    neighbourhood: "Shibuya",
    locality: "Tokyo",
    region: "Tokyo Prefecture",
    country: "Japan",
  },
  {
    latitude: 28.656738,
    longitude: 77.230796,
    placeId: "AtRyuMBTVrmWtaQ",
    woeid: "2295019",
    neighbourhood: "Chandni Chowk Area",
    locality: "New Delhi",
    county: "Central Delhi",
    region: "Delhi",
    country: "India",
  },
  {
    latitude: -33.8688,
    longitude: 151.2093,
    placeId: "ZtDYhBtZVrJ7P4k",
    woeid: "1105779",
    locality: "Sydney",
    region: "New South Wales",
    country: "Australia",
  },
  {
    latitude: 40.7128,
    longitude: -74.006,
    placeId: "ODHTuIhQUL9jmQ",
    woeid: "2459115",
    neighbourhood: "Lower Manhattan",
    locality: "New York",
    county: "New York County",
    region: "New York",
    country: "United States",
  },
  {
    latitude: 9.135158,
    longitude: 40.083811,
    placeId: "kJ8f2TdTUb6lWQ",
    woeid: "1313090",
    locality: "Galoch",
    region: "Āfar",
    country: "Ethiopia",
  },
  {
    latitude: -22.9068,
    longitude: -43.1729,
    placeId: "rt6bTbdTUb4Rmg",
    woeid: "455825",
    neighbourhood: "Copacabana",
    locality: "Rio de Janeiro",
    region: "Rio de Janeiro",
    country: "Brazil",
  },
  {
    latitude: 64.1466,
    longitude: -21.9426,
    placeId: "p8QDcFpTUb4Fqw",
    woeid: "970316",
    locality: "Reykjavík",
    region: "Capital Region",
    country: "Iceland",
  },
];

/** Cameras named in EXIF and `flickr.photos.getExif`. */
export const CAMERAS: readonly { make: string; model: string; name: string }[] = [
  { make: "Canon", model: "Canon EOS 5D Mark III", name: "Canon EOS 5D Mark III" },
  { make: "NIKON CORPORATION", model: "NIKON D750", name: "Nikon D750" },
  { make: "Apple", model: "iPhone 12 Pro", name: "Apple iPhone 12 Pro" },
  { make: "SONY", model: "ILCE-7M3", name: "Sony ILCE-7M3" },
  { make: "FUJIFILM", model: "X-T3", name: "Fujifilm X-T3" },
  { make: "samsung", model: "SM-G991B", name: "Samsung SM-G991B" },
  { make: "OLYMPUS IMAGING CORP.", model: "E-M10", name: "Olympus E-M10" },
];

/** Raw tags as people type them: capitals, spaces, punctuation, accents. */
export const RAW_TAGS: readonly string[] = [
  "sunset",
  "New York",
  "Summer 2019",
  "B&W",
  "Café",
  "München",
  "family",
  "dog",
  "Street Photography",
  "landscape",
  "東京",
  "travel",
  "macro",
  "birthday",
  "long exposure",
  "nofilter",
];

/** Machine tags (namespace:predicate=value). */
export const MACHINE_TAGS: readonly string[] = [
  "vision:night=077",
  "camera:make=canon",
  "upcoming:event=1234",
  "dc:subject=harbour",
];

/** Normalises a raw tag the way Flickr does for the `tags` field. */
export function normaliseTag(raw: string): string {
  if (/^[a-z][a-z0-9_]*:[a-z0-9_]+=/i.test(raw)) return raw.toLowerCase();
  return raw.toLowerCase().replace(/[\s&"'.,;!?()\-_/\\]+/g, "");
}

/** Licences 0–16 as `flickr.photos.licenses.getInfo` lists them (11–16: the CC 4.0 family). */
export const LICENSES: readonly { id: number; name: string; url: string }[] = [
  { id: 0, name: "All Rights Reserved", url: "" },
  { id: 4, name: "Attribution License", url: "https://creativecommons.org/licenses/by/2.0/" },
  {
    id: 6,
    name: "Attribution-NoDerivs License",
    url: "https://creativecommons.org/licenses/by-nd/2.0/",
  },
  {
    id: 3,
    name: "Attribution-NonCommercial-NoDerivs License",
    url: "https://creativecommons.org/licenses/by-nc-nd/2.0/",
  },
  {
    id: 2,
    name: "Attribution-NonCommercial License",
    url: "https://creativecommons.org/licenses/by-nc/2.0/",
  },
  {
    id: 1,
    name: "Attribution-NonCommercial-ShareAlike License",
    url: "https://creativecommons.org/licenses/by-nc-sa/2.0/",
  },
  {
    id: 5,
    name: "Attribution-ShareAlike License",
    url: "https://creativecommons.org/licenses/by-sa/2.0/",
  },
  { id: 7, name: "No known copyright restrictions", url: "https://www.flickr.com/commons/usage/" },
  { id: 8, name: "United States Government Work", url: "http://www.usa.gov/copyright.shtml" },
  {
    id: 9,
    name: "Public Domain Dedication (CC0)",
    url: "https://creativecommons.org/publicdomain/zero/1.0/",
  },
  { id: 10, name: "Public Domain Mark", url: "https://creativecommons.org/publicdomain/mark/1.0/" },
  { id: 11, name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/" },
  { id: 12, name: "CC BY-SA 4.0", url: "https://creativecommons.org/licenses/by-sa/4.0/" },
  { id: 13, name: "CC BY-ND 4.0", url: "https://creativecommons.org/licenses/by-nd/4.0/" },
  { id: 14, name: "CC BY-NC 4.0", url: "https://creativecommons.org/licenses/by-nc/4.0/" },
  { id: 15, name: "CC BY-NC-SA 4.0", url: "https://creativecommons.org/licenses/by-nc-sa/4.0/" },
  { id: 16, name: "CC BY-NC-ND 4.0", url: "https://creativecommons.org/licenses/by-nc-nd/4.0/" },
];

/** First names and family names for the other people. */
export const FIRST_NAMES: readonly string[] = [
  "Alex",
  "Maria",
  "Kenji",
  "Fatima",
  "Olga",
  "Pierre",
  "Aiko",
  "Lars",
  "Priya",
  "Diego",
  "Zoë",
  "Mehmet",
  "Anna",
  "Chen",
  "Sipho",
  "Ingrid",
];
export const FAMILY_NAMES: readonly string[] = [
  "Smith",
  "García",
  "Tanaka",
  "Haddad",
  "Ivanova",
  "Dubois",
  "Sato",
  "Nilsson",
  "Patel",
  "López",
  "Müller",
  "Yılmaz",
  "Kowalska",
  "Wang",
  "Dlamini",
  "Berg",
];
/** Usernames in other scripts, for a few people. */
export const NON_LATIN_USERNAMES: readonly string[] = [
  "按不累大師",
  "Фотограф",
  "写真家",
  "مصور",
  "Billy | 小麥",
];
