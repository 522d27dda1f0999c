// The second factor (#15 item 4): pages the crawler does not reach by GET — the enrolment with its QR code and
// secret, the recovery codes shown once, the login's second step — each with the checks of lib/checks.mjs (axe WCAG
// 2.1 A+AA, headers, no inline script, 375 and 320 px) and the Nu Html Checker. The browser plays the app with the
// helper's TOTP (lib/people.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./lib/server.mjs";
import { launchBrowser, newContext } from "./lib/browser.mjs";
import { PageChecker } from "./lib/checks.mjs";
import { logIn, totpCode } from "./lib/people.mjs";
import { demoPassword } from "./lib/env.mjs";

let server;
let browser;
const checker = new PageChecker("second-factor");

before(async () => {
  server = await startServer("second-factor");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function checked(page, response, label, options = {}) {
  const problems = await checker.check(page, response, label, { lang: "de", ...options });
  problems.push(...(await checker.overflowProblems(page, label)));
  problems.push(...(await checker.screenshot(page, `second-factor-${label}`, { axe: true, label })));
  if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
}

test("a citizen enrols an authenticator, sees the recovery codes once and then logs in with a code", async () => {
  const context = await newContext(browser, server.baseUrl);
  try {
    const page = checker.watch(await context.newPage());
    await logIn(page, "anna.schmidt@buerger.example", demoPassword);
    await checked(page, await page.goto("/konto/zwei-faktor"), "start");
    const [enrolling] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Zwei-Faktor-Anmeldung einrichten" }).click(),
    ]);
    await checked(page, enrolling, "enrolment");
    const qr = await page.locator("img[src='/konto/zwei-faktor/qr.svg']");
    assert.ok(await qr.evaluate((image) => image.complete && image.naturalWidth > 0), "the QR code loads under the CSP");
    const secret = (await page.locator("main code").innerText()).replaceAll(" ", "");
    const step = Math.floor(Date.now() / 30000);
    await page.locator("#code").fill(totpCode(secret, step));
    const [enabled] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Code prüfen und einschalten" }).click(),
    ]);
    await checked(page, enabled, "recovery-codes");
    assert.equal(await page.locator("main li code").count(), 10);

    await page.goto("/konto");
    await Promise.all([page.waitForNavigation(), page.locator("header form[action='/abmelden'] button").click()]);
    await page.goto("/anmelden");
    await page.locator("#email").fill("anna.schmidt@buerger.example");
    await page.locator("#password").fill(demoPassword);
    const [second] = await Promise.all([page.waitForNavigation(), page.locator("form#form button[type=submit]").click()]);
    assert.equal(new URL(page.url()).pathname, "/anmelden/zweiter-faktor");
    await checked(page, second, "login-step");
    await page.locator("#code").fill(totpCode(secret, step + 1));
    await Promise.all([page.waitForNavigation(), page.locator("form#form button[type=submit]").click()]);
    assert.equal(await page.locator('header nav a[href="/konto"]').count(), 1);
  } finally {
    await context.close();
  }
});

test("Nu Html Checker: zero errors on the second factor's pages", async () => {
  const problems = await checker.runVnu();
  if (problems.length) assert.fail(`${problems.length} error(s):\n  ${problems.join("\n  ")}`);
});
