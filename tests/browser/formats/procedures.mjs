// Formal procedures (src/formats/procedures): the citizen of a core flow finds a BImSchG procedure in participation
// through the site's navigation, raises an objection (name and postal address are required there), and gets the
// receipt on screen, by mail (with its reference) and as PDF.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { root } from "../lib/env.mjs";
import { waitForMailLink } from "../lib/mail.mjs";

export const name = "procedures";

const statements = JSON.parse(fs.readFileSync(path.join(root, "locales/procedures_statements.de.json"), "utf8"));
const german = JSON.parse(fs.readFileSync(path.join(root, "locales/procedures.de.json"), "utf8"));

export async function actAsCitizen({ person, page, check, user, mailDir }) {
  await check(await person.open("/"), "start page");
  await check(await person.follow(`nav.mw-nav a[href="/verfahren"]`), "overview of procedures");
  assert.ok(
    (await page.locator("nav.mw-nav a[href='/verfahren']").textContent()).includes(german["procedures.nav"]),
    "the navigation names the procedures",
  );
  // The demo's wind farm approval of the Landesdirektion takes objections until two weeks after the display.
  const plan = page.locator("main a[href^='/landesdirektion/verfahren/']", { hasText: "Windpark Naunhof-Ost" }).first();
  assert.ok(await plan.count(), "the overview lists no Windpark Naunhof-Ost (demo data?)");
  const href = await plan.getAttribute("href");
  await check(await person.follow(`main a[href="${href}"]`), "procedure page");
  await check(await person.follow(`main a[href="${href}/stellungnahme"]`), "statement form");

  const text = `Ich erhebe Einwendungen: Der Schall überschreitet nachts die Richtwerte (Browsertest ${Date.now()}).`;
  await person.fill("#text", text);
  if (!(await page.locator("#name").inputValue())) await person.fill("#name", user.name);
  await person.fill("#address", "Markt 1, 04683 Naunhof");
  await person.tick("#consent");
  await check(await person.follow("main form#form button[type=submit]"), "receipt after submitting");
  assert.equal((await page.locator("h1").textContent()).trim(), statements["procedures.statements.receipt_title"]);
  const body = await page.locator("main").textContent();
  const reference = body.match(/[A-Z][A-Z0-9]{1,7}-\d{4}-\d{5}/);  // the tenant's prefix, year, number
  assert.ok(reference, "the receipt shows no reference number");

  // The receipt by mail, with the same reference, links back to it; the PDF is a PDF.
  const link = await waitForMailLink(mailDir, user.email, /\/stellungnahmen\/\d+\/eingang$/);
  await check(await person.open(link), "receipt page linked from the mail");
  const pdf = await page.request.get(`${new URL(link).pathname}.pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 5).toString("latin1"), "%PDF-");
  assert.ok((await page.locator("main").textContent()).includes(reference[0]));
}
