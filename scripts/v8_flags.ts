/**
 * The V8 flags flickrvault ships with: `deno task compile` bakes them into the binary, `deno task
 * flickrvault` passes them to `deno run`, and the benchmark runs the archiver and the viewer with
 * them, so that what is measured is what people run.
 *
 * An archive run's heap is mostly short-lived JSON, rows and download bookkeeping over a live heap
 * of 20–60 MB, and by default V8 let the process grow to 300–380 MB at 100,000 items: a large young
 * generation, and an old generation allowed to grow several-fold between collections. A 4 MB
 * semi-space and 30 % growth between collections keep it near 200 MB at no measurable cost in
 * speed (10,000 items on tmpfs: 445–484 items/s without the flags, 437–458 with them); each flag
 * alone saved almost nothing. `--optimize-for-size` saved as much but cost a third of the speed.
 * Flags cannot be set once the runtime is up (`node:v8`'s `setFlagsFromString` leaves heap sizes
 * alone), hence the command line.
 * @module
 */

/** The flags, as `deno` takes them: `--v8-flags=${V8_FLAGS}`. */
export const V8_FLAGS = "--max-semi-space-size=4,--heap-growing-percent=30";
