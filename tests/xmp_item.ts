/**
 * An item with every kind of XMP field filled, for the XMP writers' tests: hostile and non-Latin
 * text, tags, an album, a place, a licence.
 * @module
 */
import type { XmpItem } from "../src/xmp/xmp.ts";

export const TITLE = `Tom & "Jerry" <3 — 東京 שלום 🎉`;

/** The sample item with `over` applied. */
export function sampleItem(over: Partial<XmpItem> = {}): XmpItem {
  return {
    id: "5551234",
    media: "photo",
    title: TITLE,
    description: 'Line one<br>line <a href="https://example.org/">two</a>',
    dateTaken: "2019-07-14 15:30:05",
    dateTakenGranularity: 0,
    dateTakenUnknown: false,
    dateUploaded: 1563110000,
    favedAt: null,
    isFavoriteOfMine: false,
    ownerNsid: "1@N01",
    creator: "Ann Owner",
    license: {
      id: 4,
      name: "Attribution License",
      url: "https://creativecommons.org/licenses/by/2.0/",
    },
    photoPage: "https://www.flickr.com/photos/ann/5551234/",
    tags: ["New York", "Café"],
    machineTags: [],
    albums: ["Summer"],
    collections: [],
    galleries: [],
    groups: [],
    geo: { latitude: 48.85837, longitude: 2.294481, accuracy: 16 },
    place: {
      neighbourhood: null,
      locality: "Paris",
      county: null,
      region: null,
      country: "France",
    },
    people: [],
    notes: [],
    size: null,
    shownAspect: null,
    rotation: null,
    fileOrientation: null,
    privacy: null,
    ...over,
  };
}
