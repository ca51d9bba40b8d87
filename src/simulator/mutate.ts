/**
 * `POST /__simulator/mutate`: changes the account the way a person would on Flickr, and answers
 * with JSON describing the change. Body: `{"action": A, "id": "<photo id>"}` with A one of
 * `comment`, `fave`, `edit_title`, `add_tag`, `upload`, `replace`, `delete`; without `id` the
 * simulator picks a live own item (deterministically, from the seed). `add_tag` takes an optional
 * `"tag"` (the raw form a person types; default: one the item lacks, drawn from the vocabulary).
 *
 * Tested by src/simulator/server_test.ts, src/simulator/cdn_test.ts and
 * src/simulator/faults_test.ts.
 * @module
 */
import type { Account, ItemKind } from "./account.ts";
import { PEOPLE } from "./account.ts";
import { COMMENTS, NON_LATIN_TITLES, RAW_TAGS, TITLES } from "./vocabulary.ts";

/** The mutation actions. */
export const ACTIONS = [
  "comment",
  "fave",
  "edit_title",
  "add_tag",
  "upload",
  "replace",
  "delete",
] as const;
/** One mutation action. */
export type Action = typeof ACTIONS[number];

/** A rejected mutation (answered with HTTP 400 or 404). */
export class MutationError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "MutationError";
  }
}

/** Applies a mutation; returns the JSON answer. */
export function mutate(
  account: Account,
  body: { action?: unknown; id?: unknown; tag?: unknown },
): Record<string, unknown> {
  const action = body.action;
  if (typeof action !== "string" || !(ACTIONS as readonly string[]).includes(action)) {
    throw new MutationError(400, `Cannot mutate: action must be one of ${ACTIONS.join(", ")}`);
  }
  const rng = account.mutationRng();
  if (action === "upload") {
    const i = account.upload();
    const item = account.item("own", i);
    return {
      action,
      id: item.id,
      media: item.media,
      dateupload: item.dateupload,
      lastupdate: item.lastupdate,
    };
  }
  let kind: ItemKind = "own";
  let index: number;
  if (body.id !== undefined) {
    if (typeof body.id !== "string") {
      throw new MutationError(400, "Cannot mutate: id must be a string");
    }
    const ref = account.locate(body.id);
    if (!ref || account.isDeleted(ref.kind, ref.index)) {
      throw new MutationError(404, `Cannot mutate: no photo ${body.id} on the account`);
    }
    if (
      ref.kind === "other" &&
      (action !== "comment" && action !== "fave" || ref.index >= account.favoritesCount)
    ) {
      throw new MutationError(
        400,
        `Cannot mutate: ${action} only applies to the person's own photos`,
      );
    }
    kind = ref.kind;
    index = ref.index;
  } else {
    const live = account.ownLive();
    if (live.length === 0) throw new MutationError(404, "Cannot mutate: the account has no photos");
    index = live[rng.int(0, live.length - 1)];
  }
  const id = account.idOf(kind, index);
  switch (action as Exclude<Action, "upload">) {
    case "comment": {
      const author = rng.int(0, PEOPLE - 1);
      const c = account.addComment(kind, index, author, rng.pick(COMMENTS));
      const item = account.item(kind, index);
      return {
        action,
        id,
        comment_id: c.id,
        author: account.person(author).nsid,
        datecreate: c.date,
        comments: item.comments,
        lastupdate: item.lastupdate,
      };
    }
    case "fave": {
      const f = account.addFave(kind, index);
      if (!f) throw new MutationError(400, `Cannot mutate: everyone already faved ${id}`);
      const item = account.item(kind, index);
      return {
        action,
        id,
        person: account.person(f.person).nsid,
        favedate: f.date,
        faves: item.faves,
        lastupdate: item.lastupdate,
      };
    }
    case "edit_title": {
      const title = `${rng.chance(0.3) ? rng.pick(NON_LATIN_TITLES) : rng.pick(TITLES)} (edited ${
        rng.int(1, 999)
      })`;
      account.editTitle(index, title);
      return { action, id, title, lastupdate: account.item(kind, index).lastupdate };
    }
    case "add_tag": {
      if (body.tag !== undefined && (typeof body.tag !== "string" || !body.tag.trim())) {
        throw new MutationError(400, "Cannot mutate: tag must be a non-empty string");
      }
      const have = new Set(account.item(kind, index).tags.map((t) => t.raw));
      const fresh = RAW_TAGS.filter((t) => !have.has(t) && !t.includes(":"));
      const tag = (body.tag as string | undefined) ??
        (fresh.length > 0 ? rng.pick(fresh) : `added tag ${rng.int(1, 9999)}`);
      if (!account.addTag(index, tag)) {
        throw new MutationError(400, `Cannot mutate: ${id} already has the tag '${tag}'`);
      }
      const item = account.item(kind, index);
      return { action, id, tag, tags: item.tags.map((t) => t.raw), lastupdate: item.lastupdate };
    }
    case "replace": {
      account.replace(index);
      const item = account.item(kind, index);
      return {
        action,
        id,
        secret: item.secret,
        originalsecret: item.originalsecret,
        lastupdate: item.lastupdate,
      };
    }
    case "delete": {
      account.delete(index);
      return { action, id };
    }
  }
}
