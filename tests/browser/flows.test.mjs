// The core flows, walked as people do: once with the mouse and once with the keyboard only (lib/person.mjs).
//   registration: start page → register (first with a mistake) → confirm the mail → log in (first with a wrong
//                 password) → act in each participation format (formats/) → log out
//   password reset: login page → "forgot password" → the mail's link → new password → log in → log out
// Every page reached gets the checks of lib/checks.mjs, error states included; the Nu Html Checker runs at the end.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./lib/server.mjs";
import { launchBrowser, newContext } from "./lib/browser.mjs";
import { PageChecker } from "./lib/checks.mjs";
import { waitForMailLink } from "./lib/mail.mjs";
import { isLoggedIn, tabTo } from "./lib/people.mjs";
import { mousePerson, keyboardPerson } from "./lib/person.mjs";
import { loadFormats } from "./formats/index.mjs";

let server;
let browser;
let formats = [];
const checker = new PageChecker("flows");
const isClientError = Object.assign((status) => status >= 400 && status < 500, { toString: () => "4xx" });

before(async () => {
  server = await startServer("flows");
  browser = await launchBrowser();
  formats = await loadFormats();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Runs `flow(person, check)` in a fresh browser context; check(response, step, options) fails the flow on the first
// page with problems, naming the step.
async function walk(t, mode, flow) {
  const context = await newContext(browser, server.baseUrl);
  try {
    const page = checker.watch(await context.newPage());
    const person = mode === "keyboard" ? keyboardPerson(page) : mousePerson(page);
    const check = async (response, step, options = {}) => {
      const problems = await checker.check(page, response, `${t.name}: ${step}`, { lang: "de", ...options });
      if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
      // States the crawler cannot reach (form errors, mail links) are photographed here, from the mouse run.
      if (mode === "mouse") await checker.screenshot(page, `flow-${step}`);
      return response;
    };
    await flow(person, check, page);
  } finally {
    await context.close();
  }
}

async function logOut(person, check, page) {
  await check(await person.follow("header form.mw-nav__logout button[type=submit]"), "logged out");
  assert.ok(!(await isLoggedIn(page)), "still logged in after Abmelden");
}

async function registration(person, check, page) {
  const email = `neu-${person.mode}-${Date.now()}@buerger.example`;
  const password = "Ein-sicheres-Passwort-2026";

  await check(await person.open("/"), "start page");
  if (person.mode === "keyboard") {
    // The first Tab reaches the skip link, and it leads into the main content.
    await tabTo(page, "a.mw-skip-link");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    assert.ok(await page.evaluate(() => document.querySelector("main").contains(document.activeElement)),
      "after the skip link, Tab does not continue inside <main>");
  }
  await check(await person.follow('header nav a[href="/registrieren"]'), "register form");

  // A mistake first: the passwords differ. The page must show the error summary and the error at the field.
  await person.fill("#name", "Mira Beispiel");
  await person.fill("#email", email);
  await person.fill("#password", password);
  await person.fill("#password_confirm", `${password}-anders`);
  await person.tick("#consent");
  await check(await person.follow("main form#form button[type=submit]"), "register form with an error", { status: isClientError });
  assert.ok(await page.locator('main .kern-alert--danger a[href="#password_confirm"]').count(), "no error summary linking to #password_confirm");
  assert.equal(await page.locator("#password_confirm").getAttribute("aria-invalid"), "true");

  await person.fill("#password", password);
  await person.fill("#password_confirm", password);
  if (!(await page.locator("#consent").isChecked())) await person.tick("#consent");
  await check(await person.follow("main form#form button[type=submit]"), "registration sent");

  const link = await waitForMailLink(server.mailDir, email, /\/registrieren\/bestaetigen\?token=/);
  await check(await person.open(link), "confirmation link from the mail");
  await check(await person.follow("main form#form button[type=submit]"), "address confirmed");
  await check(await person.follow('main a[href="/anmelden"]'), "login form");

  await person.fill("#email", email);
  await person.fill("#password", "Falsches-Passwort-2026");
  await check(await person.follow("main form#form button[type=submit]"), "login with a wrong password", { status: isClientError });
  assert.ok(await page.locator('main .kern-alert--danger a[href="#email"]').count(), "no error summary after a wrong password");

  // The form keeps the address; the password is typed again.
  assert.equal(await page.locator("#email").inputValue(), email, "the login form lost the address");
  await person.fill("#password", password);
  await check(await person.follow("main form#form button[type=submit]"), "logged in");
  assert.ok(await isLoggedIn(page), "not logged in after registration and confirmation");

  for (const format of formats) {
    await format.actAsCitizen({
      person,
      page,
      user: { email, password, name: "Mira Beispiel" },
      mailDir: server.mailDir,
      check: (response, step, options) => check(response, `${format.name}: ${step}`, options),
    });
  }

  await check(await person.follow('header nav a[href="/konto"]'), "my account");
  await logOut(person, check, page);
}

async function passwordReset(person, check, page) {
  const email = "anna.schmidt@buerger.example";
  const password = `Neues-Passwort-${person.mode}-2026`;
  await check(await person.open("/anmelden"), "login form");
  await check(await person.follow('main a[href="/passwort-vergessen"]'), "password forgotten form");
  await person.fill("#email", email);
  await check(await person.follow("main form#form button[type=submit]"), "reset link sent");

  const link = await waitForMailLink(server.mailDir, email, /\/passwort-neu\?token=/);
  await check(await person.open(link), "reset link from the mail");
  await person.fill("#password", password);
  await person.fill("#password_confirm", password);
  await check(await person.follow("main form#form button[type=submit]"), "password changed");

  await person.fill("#email", email);
  await person.fill("#password", password);
  await check(await person.follow("main form#form button[type=submit]"), "logged in with the new password");
  assert.ok(await isLoggedIn(page), "not logged in with the new password");
  await logOut(person, check, page);
}

// #14 item 1, "what affects me?": the start page's place search, then a place nobody knows — keyboard only.
async function placeSearch(person, check) {
  const search = "main form[role=search]";
  await check(await person.open("/"), "start page");
  await person.fill(`${search} #place`, "grimma");
  await check(await person.follow(`${search} button[type=submit]`), "participation near Grimma");
  assert.match(await person.page.locator("main h2#ergebnisse").innerText(), /Grimma/);
  assert.ok((await person.page.locator("main .mw-cards > li").count()) > 0, "the demo has nothing near Grimma");
  await person.fill(`${search} #place`, "Nirgendwo");
  await check(await person.follow(`${search} button[type=submit]`), "unknown place", { status: 422 });
  assert.match(await person.page.locator("main .mw-error-summary").innerText(), /Nirgendwo/);
}

test("place search from the start page (keyboard)", (t) => walk(t, "keyboard", placeSearch));

for (const mode of ["mouse", "keyboard"]) {
  test(`registration, confirmation, login, formats, logout (${mode})`, (t) => walk(t, mode, registration));
  test(`password reset (${mode})`, (t) => walk(t, mode, passwordReset));
}

test("Nu Html Checker: zero errors on every page of the flows", async () => {
  const problems = await checker.runVnu();
  if (problems.length) assert.fail(`${problems.length} error(s):\n  ${problems.join("\n  ")}`);
});
