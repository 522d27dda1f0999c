// Debian's headless Chromium with the flags for a closed network, driven by playwright-core.
import fs from "node:fs";
import { chromium } from "playwright-core";
import { chromiumPath } from "./env.mjs";

export const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launchBrowser() {
  if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: run scripts/bootstrap.sh`);
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
}

/** A fresh browser context (own cookies) at desktop width; pages in it fail fast instead of hanging. */
export async function newContext(browser, baseUrl) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  // The test machine has no Internet: requests to other origins (a map's tile server) are cancelled as a user's
  // browser would cancel them when leaving the page, so that they neither wait nor count as failures of ours.
  const origin = new URL(baseUrl).origin;
  await context.route((url) => url.origin !== origin, (route) => route.abort("aborted"));
  return context;
}
