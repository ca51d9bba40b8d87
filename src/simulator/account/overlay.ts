/**
 * The mutation overlay: what changed on an item since it was generated (title, dates, new
 * comments and faves, file replacements, deletion). Generated items are never edited; readers
 * lay an item's changes over its generated record.
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 * @module
 */
import type { ItemKind } from "./ids.ts";
import type { Comment, Fave } from "./interactions.ts";
import { type Item, itemSecrets, type Tag } from "./item.ts";

/** The changes to one item. */
export interface ItemChanges {
  title?: string;
  lastupdate?: number;
  dateupload?: number;
  /** How many times the file was replaced (each replacement brings new secrets). */
  replaced: number;
  deleted: boolean;
  /** Comments added, oldest first. */
  comments: Comment[];
  /** Faves added, oldest first. */
  faves: Fave[];
  /** Tags added by a person on Flickr (after the generated ones). */
  tags?: Tag[];
}

/** The changes of every changed item. */
export class Overlay {
  #changes = new Map<string, ItemChanges>();

  /** The changes to an item, or undefined when it never changed. */
  get(kind: ItemKind, i: number): ItemChanges | undefined {
    return this.#changes.get(`${kind}:${i}`);
  }

  /** The changes to an item, to be added to. */
  edit(kind: ItemKind, i: number): ItemChanges {
    const key = `${kind}:${i}`;
    let o = this.#changes.get(key);
    if (!o) {
      o = { replaced: 0, deleted: false, comments: [], faves: [] };
      this.#changes.set(key, o);
    }
    return o;
  }
}

/** The item as it is now: `changes` laid over the generated record `base` (left as it is). */
export function applyChanges(seed: number, base: Item, changes: ItemChanges): Item {
  const item: Item = { ...base };
  if (changes.title !== undefined) item.title = changes.title;
  if (changes.lastupdate !== undefined) item.lastupdate = changes.lastupdate;
  if (changes.dateupload !== undefined) item.dateupload = changes.dateupload;
  item.comments += changes.comments.length;
  item.faves += changes.faves.length;
  if (changes.tags) item.tags = [...base.tags, ...changes.tags];
  if (changes.replaced > 0) {
    Object.assign(item, itemSecrets(seed, base.kind, base.index, changes.replaced));
  }
  return item;
}
