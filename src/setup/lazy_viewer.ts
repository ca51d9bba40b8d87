/**
 * The viewer of an archive that may not exist yet: `flickrvault` with no command serves the
 * first-run pages from an empty folder, and the photostream as soon as a run has created the
 * catalog. The catalog is opened read-only on first need, after which the viewer answers as
 * `serve` does while the run goes on writing (a reader sees each write as it commits).
 *
 * Tested by src/setup/routes_setup_test.ts.
 * @module
 */
import type { Hono } from "hono";
import { join, resolve } from "node:path";
import { type Catalog, CATALOG_FILE, openCatalog } from "../catalog/db.ts";
import { createApp } from "../server/app.ts";

/** Options of {@link LazyViewer}. */
export interface LazyViewerOptions {
  archiveDir: string;
  allowedHosts: string[];
  /** The first-run start page every viewer page links. */
  startPage?: string;
}

/** The viewer, made once the catalog can be read. */
export class LazyViewer {
  #catalog: Catalog | undefined;
  #app: Hono | undefined;
  #opening: Promise<Catalog | undefined> | undefined;
  #closed = false;

  constructor(readonly opts: LazyViewerOptions) {}

  /**
   * The catalog on a read-only connection; undefined while there is none, or while a run is
   * still creating it (a new catalog is readable once its schema is written).
   */
  async catalog(): Promise<Catalog | undefined> {
    if (this.#catalog || this.#closed) return this.#catalog;
    this.#opening ??= (async () => {
      try {
        await Deno.stat(join(resolve(this.opts.archiveDir), CATALOG_FILE));
        const catalog = await openCatalog(this.opts.archiveDir, { readonly: true });
        if (this.#closed) {
          await catalog.close();
          return undefined;
        }
        this.#catalog = catalog;
        return catalog;
      } catch {
        return undefined;
      } finally {
        this.#opening = undefined;
      }
    })();
    return await this.#opening;
  }

  /** The viewer app, or undefined while there is no catalog to show. */
  async app(): Promise<Hono | undefined> {
    if (this.#app) return this.#app;
    const catalog = await this.catalog();
    if (!catalog) return undefined;
    this.#app ??= createApp({
      archiveDir: this.opts.archiveDir,
      catalog,
      allowedHosts: this.opts.allowedHosts,
      startPage: this.opts.startPage,
    });
    return this.#app;
  }

  /** Closes the catalog (the viewer answers nothing more). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#opening;
    await this.#catalog?.close();
    this.#catalog = undefined;
    this.#app = undefined;
  }
}
