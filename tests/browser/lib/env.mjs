// Where the browser tests find the binary, the assets and the browser, and where they write their output.
// Every value can be overridden by an environment variable, so that scripts/browser-tests.sh (or a person) can point
// the suites at another build.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const buildDir = path.resolve(root, process.env.BUILD || "build");
export const binary = path.resolve(root, process.env.MW_BINARY || path.join(buildDir, "mitwirken"));
export const staticDir = path.resolve(root, process.env.MW_STATIC_DIR || path.join(buildDir, "static"));
// Output for review: screenshots, the HTML handed to the Nu Html Checker, server logs.
export const outDir = path.resolve(root, process.env.MW_BROWSER_OUT || path.join(buildDir, "browser"));
// Debian's Chromium; the tests never download a browser.
export const chromiumPath = process.env.MW_CHROMIUM || "/usr/bin/chromium";
export const vnuJar = path.join(root, "node_modules/vnu-jar/build/dist/vnu.jar");
// At most this many distinct pages per role and crawl (each is visited in German and English).
export const crawlLimit = Number(process.env.MW_CRAWL_MAX_PAGES || 200);

// The password of every demo account (README, "The demo").
export const demoPassword = "Demo-Passwort-2026";

export function ensureDir(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
