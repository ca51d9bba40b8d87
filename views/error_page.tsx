/**
 * Not found and bad request pages.
 *
 * Tested by src/server/routes_pages_test.ts, tests/viewer_routes_test.ts and
 * tests/viewer_security_test.ts.
 * @module
 */
import type { FC } from "hono/jsx";
import { Empty } from "./components.tsx";
import { URLS } from "./urls.ts";

/** A page saying what was not found and where to go instead. */
export const NotFoundPage: FC<{ what: string }> = ({ what }) => (
  <Empty title="Not in this archive" glyph="?">
    <p>{what}</p>
    <p>
      <a href={URLS.stream}>Back to the photostream</a> · <a href={URLS.search}>Search</a>
    </p>
  </Empty>
);

/** A page for a request that cannot be answered as asked. */
export const BadRequestPage: FC<{ message: string }> = ({ message }) => (
  <Empty title="That request did not make sense" glyph="!">
    <p>{message}</p>
    <p>
      <a href={URLS.stream}>Back to the photostream</a>
    </p>
  </Empty>
);

/** A page for a catalog the viewer cannot read (damaged, locked, the disk gone). */
export const CatalogTroublePage: FC<{ message: string; hint?: string }> = ({ message, hint }) => (
  <Empty title="The archive's catalog cannot be read" glyph="!">
    <p>{message}</p>
    {hint ? <p>What to do: {hint}</p> : null}
    <p>
      <a href={URLS.stream}>Try again</a>
    </p>
  </Empty>
);
