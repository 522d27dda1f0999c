// The pages of the login with an identity provider (#15) that only an installation with `serve --identity-config`
// has, so the crawler never sees them: the login page's provider buttons, the account page's section "Anmeldedienste"
// and the page of a refused login (here: a provider that cannot be reached). Each gets the checks of lib/checks.mjs
// (axe WCAG 2.1 A+AA, headers, no inline script, 375 and 320 px) and the Nu Html Checker.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "./lib/server.mjs";
import { launchBrowser, newContext } from "./lib/browser.mjs";
import { PageChecker } from "./lib/checks.mjs";
import { logIn } from "./lib/people.mjs";
import { demoPassword } from "./lib/env.mjs";

let server;
let browser;
let configDir;
const checker = new PageChecker("identity");

before(async () => {
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), "mw-identity-"));
  const config = path.join(configDir, "identity.json");
  // Nothing listens on port 1 of the loopback interface: the provider is down, which the pages must say.
  fs.writeFileSync(config, JSON.stringify({
    providers: [{ key: "servicekonto", name: "Servicekonto Sachsen", issuer: "http://127.0.0.1:1/realms/amt24",
                  client_id: "mitwirken", client_secret: "geheim" }],
  }), { mode: 0o600 });
  server = await startServer("identity", ["--identity-config", config]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
});

async function checked(page, response, label, options = {}) {
  const problems = await checker.check(page, response, label, { lang: "de", ...options });
  problems.push(...(await checker.overflowProblems(page, label)));
  problems.push(...(await checker.screenshot(page, `identity-${label}`, { axe: true, label })));
  if (problems.length) assert.fail(`${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
}

test("the login page offers the provider, and a provider that is down gives a German page", async () => {
  const context = await newContext(browser, server.baseUrl);
  try {
    const page = checker.watch(await context.newPage());
    const login = await page.goto("/anmelden?next=%2Fkonto");
    await checked(page, login, "login");
    const button = page.getByRole("link", { name: "Mit Servicekonto Sachsen anmelden" });
    assert.equal(await button.count(), 1);
    const [down] = await Promise.all([page.waitForNavigation(), button.click()]);
    await checked(page, down, "provider-down", { status: 503 });
    assert.match(await page.locator("main").innerText(), /nicht erreichbar/);
  } finally {
    await context.close();
  }
});

test("the account page lists the provider with the form to link it", async () => {
  const context = await newContext(browser, server.baseUrl);
  try {
    const page = checker.watch(await context.newPage());
    await logIn(page, "anna.schmidt@buerger.example", demoPassword);
    const account = await page.goto("/konto");
    await checked(page, account, "account");
    assert.equal(await page.getByRole("button", { name: "Servicekonto Sachsen verknüpfen" }).count(), 1);
  } finally {
    await context.close();
  }
});

test("Nu Html Checker: zero errors on the identity pages", async () => {
  const problems = await checker.runVnu();
  if (problems.length) assert.fail(`${problems.length} error(s):\n  ${problems.join("\n  ")}`);
});
