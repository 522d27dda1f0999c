// A case worker never loses the way or the work (#14 item 8): from "Meine Aufgaben" to an inbox, a search that shows
// where it found each statement, a statement and its neighbour in the same filtered list (keyboard only), a warning
// before leaving a changed form, and a bulk action on two statements with the notice naming how many changed. Every
// page reached gets the checks of lib/checks.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./lib/server.mjs";
import { launchBrowser, newContext } from "./lib/browser.mjs";
import { PageChecker } from "./lib/checks.mjs";
import { logIn, tabTo } from "./lib/people.mjs";
import { demoPassword } from "./lib/env.mjs";

let server;
let browser;
const checker = new PageChecker("procedures-casework");

before(async () => {
  server = await startServer("procedures-casework");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a case worker browses a filtered inbox, is warned before losing a change, and changes two statements at once", async () => {
  const context = await newContext(browser, server.baseUrl);
  try {
    const page = checker.watch(await context.newPage());
    const check = async (response, step, options = {}) => {
      const problems = await checker.check(page, response, `casework: ${step}`, { lang: "de", ...options });
      if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
      await checker.screenshot(page, `procedures-casework-${step}`);
    };
    const follow = async (action) => {
      const [response] = await Promise.all([page.waitForNavigation(), action()]);
      return response;
    };
    await logIn(page, "sachbearbeitung@lk-leipzig.example", demoPassword);
    await check(await page.goto("/aufgaben"), "tasks");
    const inbox = page.locator("main a[href*='/bearbeitung']").first();
    assert.ok(await inbox.count(), "Meine Aufgaben links to no inbox (demo data?)");
    const inboxPath = new URL(await inbox.getAttribute("href"), server.baseUrl).pathname;

    // Newest first: the filter and order travel with every statement link.
    await check(await page.goto(`${inboxPath}?richtung=ab`), "inbox newest first");
    const rows = page.locator("main table tbody tr");
    assert.ok((await rows.count()) >= 3, "the inbox holds fewer than three statements");
    const firstHref = await rows.nth(0).locator("th a").getAttribute("href");
    const secondHref = await rows.nth(1).locator("th a").getAttribute("href");
    assert.match(firstHref, /\?richtung=ab$/);

    await tabTo(page, `main a[href="${firstHref}"]`, 200);
    await check(await follow(() => page.keyboard.press("Enter")), "statement");
    assert.ok((await page.locator("main").textContent()).includes("Stellungnahme 1 von"), "no position in the list");
    await tabTo(page, 'main a[rel="next"]');
    await check(await follow(() => page.keyboard.press("Enter")), "next statement");
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, secondHref, "next is not the second row");

    // A changed response: leaving asks first; sending the form itself does not.
    await page.locator("textarea[name^='response-']").first().fill("Vorläufige Abwägung (Browsertest).");
    let asked = 0;
    page.on("dialog", async (dialog) => {
      if (dialog.type() === "beforeunload") asked++;
      await dialog.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await page.waitForTimeout(300);
    assert.equal(asked, 1, "leaving a changed form did not ask");
    assert.ok(!page.isClosed(), "the page closed although the warning was dismissed");
    await check(await follow(() => page.locator("form[action*='/abwaegung'] button[name='save']").click()), "saved response");
    assert.equal(asked, 1, "sending the changed form asked");

    // Two statements at once, with the keyboard: their checkboxes, a status, the notice.
    await check(await page.goto(`${inboxPath}?richtung=ab`), "inbox again");
    await tabTo(page, "main input[name='statement']", 200);
    await page.keyboard.press("Space");
    await tabTo(page, "main input[name='statement']:not(:checked)", 40);
    await page.keyboard.press("Space");
    await page.locator("#bulk-status").selectOption("in_progress");
    await check(await follow(() => page.locator("form[action*='/sammelaktion'] button[type=submit]").click()), "bulk done");
    assert.ok((await page.locator("main").textContent()).includes("2 Stellungnahmen wurden geändert."), "no notice");
    assert.match(page.url(), /richtung=ab/, "the bulk action lost the list's order");
  } finally {
    await context.close();
  }
});

test("Nu Html Checker: zero errors on the case worker's pages", async () => {
  const errors = await checker.runVnu();
  assert.deepEqual(errors, []);
});
