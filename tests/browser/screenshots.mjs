// The main journeys on a phone, photographed for docs/screenshots/ (issue #14): run after a change to the layout and
// look at the pictures. Not a test: it starts its own server on the demo data like the tests do, walks the journeys at
// 375 px (the width of a small phone) and writes one PNG per step, cut at a few screen heights to keep the files small.
//
//   node tests/browser/screenshots.mjs              # writes docs/screenshots/*.png
//
// Needs what scripts/browser-tests.sh needs (a build in $BUILD with its static files, node_modules, Chromium).
import fs from "node:fs";
import path from "node:path";
import { startServer } from "./lib/server.mjs";
import { launchBrowser } from "./lib/browser.mjs";
import { logIn } from "./lib/people.mjs";
import { root, demoPassword } from "./lib/env.mjs";

const outDir = path.join(root, "docs/screenshots");
const width = 375;
const height = 812; // one screen of a common phone
const maxScreens = 3; // the top of a long page shows what matters; the rest is the same layout

const server = await startServer("screenshots");
const browser = await launchBrowser();
const written = [];

async function newPage() {
  // As a phone: its scrollbars lie over the page (a desktop's would take 15 px of the picture), touch, no hover.
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width, height }, isMobile: true, hasTouch: true, locale: "de-DE" });
  context.setDefaultTimeout(15_000);
  const origin = new URL(server.baseUrl).origin;
  await context.route((url) => url.origin !== origin, (route) => route.abort("aborted"));
  return context.newPage();
}

/** Photographs the page (from the top, or from `selector` scrolled to the top) as docs/screenshots/<name>.png. */
async function shoot(page, name, selector) {
  const documentHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  const top = selector ? Math.max(0, Math.round(await page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY)) - 8) : 0;
  const clip = { x: 0, y: top, width, height: Math.min(documentHeight - top, height * maxScreens) };
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, clip });
  written.push(`${name}.png`);
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
}

try {
  fs.mkdirSync(outDir, { recursive: true });
  for (const file of fs.readdirSync(outDir)) if (file.endsWith(".png")) fs.rmSync(path.join(outDir, file));

  // A citizen: start page, the overview, a procedure, the statement form, the receipt.
  const citizen = await newPage();
  await logIn(citizen, "anna.schmidt@buerger.example", demoPassword);
  await citizen.goto("/");
  await shoot(citizen, "01-startseite");
  await citizen.goto("/verfahren");
  await shoot(citizen, "02-uebersicht-verfahren");
  const plan = citizen.locator("main a[href^='/landesdirektion/verfahren/']", { hasText: "Windpark Naunhof-Ost" }).first();
  const planHref = await plan.getAttribute("href");
  await citizen.goto(planHref);
  await shoot(citizen, "03-verfahren");
  await shoot(citizen, "04-verfahren-unterlagen", "#unterlagen");
  await citizen.goto(`${planHref}/stellungnahme`);
  await shoot(citizen, "05-stellungnahme-formular");
  await citizen.locator("#text").fill("Ich erhebe Einwendungen: Der Schall der Anlagen überschreitet nachts die Richtwerte an der Wohnbebauung am Ortsrand.");
  if (!(await citizen.locator("#name").inputValue())) await citizen.locator("#name").fill("Anna Schmidt");
  await citizen.locator("#address").fill("Markt 1, 04683 Naunhof");
  await citizen.locator("#consent").check();
  await submit(citizen, "main form#form button[type=submit]");
  await shoot(citizen, "06-eingangsbestaetigung");

  // A petition from the start page, and signing it.
  await citizen.goto("/");
  const petitionHref = await citizen.locator(".mw-cards a.kern-link[href*='/petitionen/']").first().getAttribute("href");
  await citizen.goto(petitionHref);
  await shoot(citizen, "07-petition");
  await citizen.locator("#name").fill("Anna Schmidt");
  if ((await citizen.locator("#email").getAttribute("readonly")) === null) await citizen.locator("#email").fill("anna.schmidt@buerger.example");
  await citizen.locator("#postcode").fill("04668");
  await citizen.locator("#consent").check();
  await shoot(citizen, "08-petition-unterschreiben", "main form#form");
  await submit(citizen, "main form#form button[type=submit]");
  await shoot(citizen, "09-petition-unterschrieben");

  // A case worker: the back office's inbox of a procedure with statements.
  const worker = await newPage();
  await logIn(worker, "sachbearbeitung@lk-leipzig.example", demoPassword);
  await worker.goto("/landkreis-leipzig/verfahren");
  const procedureHrefs = await worker.locator("main a[href^='/landkreis-leipzig/verfahren/']").evaluateAll((links) =>
    links.map((link) => link.getAttribute("href")).filter((href) => /\/verfahren\/\d+$/.test(href)));
  await worker.goto(`${procedureHrefs[0]}/bearbeitung`);
  await shoot(worker, "10-eingang-sachbearbeitung");
  await shoot(worker, "11-eingang-liste", "#liste-titel");
  // What waits for the case worker: the landing page after a login without a target.
  await worker.goto("/aufgaben");
  await shoot(worker, "12-meine-aufgaben");
  // A statement opened from the inbox: where it stands in the list, its neighbours, the forms (#14 item 8).
  await worker.goto(`${procedureHrefs[0]}/bearbeitung?richtung=ab`);
  await worker.goto(await worker.locator("main table tbody th a").first().getAttribute("href"));
  await shoot(worker, "14-stellungnahme-bearbeiten");

  // The moderation queue shows the whole petition and asks before publishing. The demo's petition waiting for
  // moderation is the Landkreis Leipzig's, which the platform administrator may moderate.
  const moderator = await newPage();
  await logIn(moderator, "admin@mitwirken.example", demoPassword);
  await moderator.goto("/landkreis-leipzig/petitionen/moderation");
  await shoot(moderator, "13-petitionen-pruefen");
  // A group of mass objections (the demo's are in the Landesdirektion's wind farm, where the platform administrator
  // may work too): the common text once, then each member with its own words marked.
  await moderator.goto("/landesdirektion/verfahren");
  const windpark = moderator.locator("main a[href^='/landesdirektion/verfahren/']", { hasText: "Windpark Naunhof-Ost" }).first();
  await moderator.goto(`${await windpark.getAttribute("href")}/bearbeitung/gruppen`);
  await moderator.goto(await moderator.locator("main a[href*='/bearbeitung/gruppen/']").first().getAttribute("href"));
  await shoot(moderator, "15-gruppe-gemeinsamer-text", "#gemeinsam-titel");
} finally {
  await browser.close();
  await server.stop();
}
for (const file of written) console.log(`${file}\t${fs.statSync(path.join(outDir, file)).size} bytes`);
