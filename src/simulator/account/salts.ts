/**
 * The salts given to {@link hash32} that keep the random streams of different things apart:
 * the comments of photo 5 never share a stream with its faves or with person 5.
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 * @module
 */
/** One salt per kind of generated thing; the numbers are part of every seed's output. */
export const SALT = {
  itemOwn: 1,
  itemOther: 2,
  person: 3,
  counts: 4,
  comment: 5,
  faves: 6,
  album: 7,
  albumMeta: 8,
  dates: 9,
  secret: 10,
  group: 11,
  gallery: 12,
  note: 13,
  tagged: 14,
  mutate: 15,
  keys: 16,
  collection: 17,
  orientation: 18,
} as const;
