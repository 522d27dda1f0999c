// The editors' flow of formal procedures: the editor of Grimma logs in, opens the management of procedures, creates a
// BImSchG procedure with the form (first with a mistake), sees its dates and announcement, and publishes it. Every
// page reached gets the checks of lib/checks.mjs; the Nu Html Checker runs at the end.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./lib/server.mjs";
import { launchBrowser, newContext } from "./lib/browser.mjs";
import { PageChecker } from "./lib/checks.mjs";
import { logIn } from "./lib/people.mjs";
import { demoPassword } from "./lib/env.mjs";

let server;
let browser;
const checker = new PageChecker("procedures-editor");

before(async () => {
  server = await startServer("procedures-editor");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function isoInDays(days) {
  const date = new Date(Date.now() + days * 86400 * 1000);
  return date.toISOString().slice(0, 10);
}

async function follow(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
  return response;
}

test("an editor creates a BImSchG procedure and publishes it", async () => {
  const context = await newContext(browser, server.baseUrl);
  try {
    const page = checker.watch(await context.newPage());
    const check = async (response, step, options = {}) => {
      const problems = await checker.check(page, response, `editor: ${step}`, { lang: "de", ...options });
      if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
      await checker.screenshot(page, `procedures-editor-${step}`);
    };
    await logIn(page, "redaktion@grimma.example", demoPassword);
    await check(await page.goto("/grimma/verfahren/verwaltung"), "list");
    await check(await follow(page, 'a[href="/grimma/verfahren/neu"]'), "new form");

    const title = `Windpark Grimma-Süd ${Date.now()}`;
    await page.locator("#type").selectOption("bimschg");
    await page.locator("#description").fill("Errichtung und Betrieb von zwei Windenergieanlagen südlich von Grimma.");
    await page.locator("#applicant").fill("Windkraft Muldental GmbH");
    await page.locator("#display_start").fill(isoInDays(14));
    await page.locator("#documents_location").fill("Rathaus Grimma, Markt 16/17, Zimmer 204");
    await page.locator("#site").fill("Grimma, Gemarkung Höfgen, Flurstück 21");
    await page.locator("#installation").fill("2 Windenergieanlagen, Nabenhöhe 160 m");
    await page.locator("#operation_start").fill("2. Quartal 2028");
    await page.locator("#reports").fill("Schallgutachten, Schattenwurfprognose");
    // The title is missing: the form comes back with the error at the field and in the summary.
    await page.locator("#title").fill("");
    await page.locator("#title").evaluate((input) => input.removeAttribute("required"));
    await check(await follow(page, "form#form button[type=submit]"), "new form with errors", { status: 422 });
    assert.ok(await page.locator("#title-error").isVisible(), "no error at the title");
    assert.ok(await page.locator('.mw-error-summary a[href="#title"]').isVisible(), "no link in the summary");

    await page.locator("#title").fill(title);
    await check(await follow(page, "form#form button[type=submit]"), "edit page");
    assert.match(page.url(), /\/grimma\/verfahren\/\d+\/bearbeiten$/);
    assert.ok((await page.locator("pre").textContent()).includes("§ 10 Abs. 3 Satz 9 BImSchG"), "no announcement");

    // § 10 Abs. 4 Nr. 3 BImSchG: the announcement sets the hearing, so it is fixed before publishing.
    await page.locator("#hearing_at").fill(`${isoInDays(70)}T10:00`);
    await page.locator("#hearing_place").fill("Rathaus Grimma, Ratssaal");
    await check(await follow(page, 'form[action$="/eroerterung"] button[type=submit]'), "hearing set");
    await check(await follow(page, 'form[action$="/veroeffentlichen"] button[type=submit]'), "published");
    assert.ok((await page.locator("main").textContent()).includes("Das Verfahren ist veröffentlicht."));
    assert.equal(await page.locator('form[action$="/veroeffentlichen"]').count(), 0, "publish offered twice");
  } finally {
    await context.close();
  }
});

test("Nu Html Checker: zero errors on the editor's pages", async () => {
  const errors = await checker.runVnu();
  assert.deepEqual(errors, []);
});
