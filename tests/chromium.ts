/**
 * Debian's Chromium for the browser tests, started the way that works on these machines: headless,
 * no sandbox (root), and no background networking (otherwise it floods the closed network with
 * connections that are refused).
 * @module
 */
import { type Browser, type BrowserContext, chromium } from "playwright-core";

/** Where Chromium is (`$CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`). */
export const CHROMIUM_PATH: string = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

/** The flags every browser test starts Chromium with. */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Fails with a clear message when Chromium is missing (`.ci/run` installs it). */
export async function requireChromium(): Promise<void> {
  try {
    await Deno.stat(CHROMIUM_PATH);
  } catch {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium ` +
        "(or set CHROMIUM_PATH)",
    );
  }
}

/** Starts Chromium with a fresh temporary profile. */
export async function launchChromium(extraFlags: string[] = []): Promise<Browser> {
  await requireChromium();
  return await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, ...extraFlags],
  });
}

/** Starts Chromium with a profile in `userDataDir` (kept across pages, e.g. for cookies). */
export async function launchChromiumContext(userDataDir: string): Promise<BrowserContext> {
  await requireChromium();
  return await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS],
  });
}
