// #14 item 3, "never lose the way": a citizen who wants to give a statement and has no account yet is sent to log in,
// registers instead, confirms the address from the mail, logs in and lands on the statement form they wanted — with
// the mouse, and with the keyboard only. The C++ tests (site_test.cpp, statements_draft_test.cpp) check the target's
// validation and the draft kept over a session's end; this file checks the way as a person walks it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { root } from "./lib/env.mjs";
import { startServer } from "./lib/server.mjs";
import { launchBrowser, newContext } from "./lib/browser.mjs";
import { PageChecker } from "./lib/checks.mjs";
import { waitForMailLink } from "./lib/mail.mjs";
import { isLoggedIn } from "./lib/people.mjs";
import { mousePerson, keyboardPerson } from "./lib/person.mjs";

const statements = JSON.parse(fs.readFileSync(path.join(root, "locales/procedures_statements.de.json"), "utf8"));

let server;
let browser;
const checker = new PageChecker("journey");

before(async () => {
  server = await startServer("journey");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function registerOnTheWayToTheStatementForm(t, mode) {
  const context = await newContext(browser, server.baseUrl);
  try {
    const page = checker.watch(await context.newPage());
    const person = mode === "keyboard" ? keyboardPerson(page) : mousePerson(page);
    const check = async (response, step) => {
      const problems = await checker.check(page, response, `${t.name}: ${step}`, { lang: "de" });
      if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
      if (mode === "mouse") await checker.screenshot(page, `journey-${step}`);
      return response;
    };
    const email = `weg-${mode}-${Date.now()}@buerger.example`;
    const password = "Ein-sicheres-Passwort-2026";

    // The demo's wind farm approval takes objections online.
    await check(await person.open("/verfahren"), "overview of procedures");
    const plan = page.locator("main a[href^='/landesdirektion/verfahren/']", { hasText: "Windpark Naunhof-Ost" }).first();
    assert.ok(await plan.count(), "the overview lists no Windpark Naunhof-Ost (demo data?)");
    const procedure = await plan.getAttribute("href");
    const form = `${procedure}/stellungnahme`;
    await check(await person.follow(`main a[href="${procedure}"]`), "procedure page");
    await check(await person.follow(`main a[href="${form}"]`), "sent to log in");
    const login = new URL(page.url());
    assert.equal(login.pathname, "/anmelden");
    assert.equal(login.searchParams.get("next"), form, "the login page lost the way to the form");

    // No account yet: "Registrieren" on the login page keeps the target.
    await check(await person.follow('main a[href^="/registrieren?next="]'), "register form with the target");
    assert.equal(new URL(page.url()).searchParams.get("next"), form);
    await person.fill("#name", "Wanda Weg");
    await person.fill("#email", email);
    await person.fill("#password", password);
    await person.fill("#password_confirm", password);
    await person.tick("#consent");
    await check(await person.follow("main form#form button[type=submit]"), "registration sent");

    // The mail's link carries the target; confirming leads to the login for it.
    const link = await waitForMailLink(server.mailDir, email, /\/registrieren\/bestaetigen\?token=[^&]+&next=/);
    assert.equal(new URL(link).searchParams.get("next"), form, "the confirmation link lost the way to the form");
    await check(await person.open(link), "confirmation link from the mail");
    await check(await person.follow("main form#form button[type=submit]"), "address confirmed");
    assert.ok(!(await isLoggedIn(page)), "confirming must not log in by itself");
    await check(await person.follow('main a[href^="/anmelden?next="]'), "login for the form");
    await person.fill("#email", email);
    await person.fill("#password", password);
    await check(await person.follow("main form#form button[type=submit]"), "statement form after login");

    assert.ok(await isLoggedIn(page), "not logged in");
    assert.equal(new URL(page.url()).pathname, form, "after the login the citizen is not on the form they wanted");
    assert.equal((await page.locator("h1").textContent()).trim(),
      statements["procedures.statements.form_title_objection"]);
    assert.ok(await page.locator("main form#form textarea#text").count(), "the statement form has no text field");
  } finally {
    await context.close();
  }
}

for (const mode of ["mouse", "keyboard"]) {
  test(`procedure → login → register → confirm by mail → login → statement form (${mode})`, (t) =>
    registerOnTheWayToTheStatementForm(t, mode));
}
