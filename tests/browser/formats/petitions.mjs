// Petitions (src/formats/petitions): the citizen of a core flow opens a published demo petition from the offers on
// the start page, signs it, and confirms the signature with the link from the mail (double opt-in).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { root } from "../lib/env.mjs";
import { waitForMailLink } from "../lib/mail.mjs";

export const name = "petitions";

const german = JSON.parse(fs.readFileSync(path.join(root, "locales/petitions.de.json"), "utf8"));

export async function actAsCitizen({ person, page, check, user, mailDir }) {
  await check(await person.open("/"), "start page with the offers");
  const offer = page.locator(".mw-cards a.kern-link[href*='/petitionen/']").first();
  assert.ok(await offer.count(), "the start page offers no petition (demo data?)");
  const href = await offer.getAttribute("href");
  await check(await person.follow(`.mw-cards a.kern-link[href="${href}"]`), "petition");

  await person.fill("#name", user.name);
  // Logged in, the address comes from the account and the field is read-only.
  if ((await page.locator("#email").getAttribute("readonly")) === null) await person.fill("#email", user.email);
  await person.fill("#postcode", "04668");
  await person.tick("#consent");
  await check(await person.follow("main form#form button[type=submit]"), "signed, confirmation pending");
  assert.equal((await page.locator("h1").textContent()).trim(), german["petitions.signed_title"]);

  const link = await waitForMailLink(mailDir, user.email, /\/petitionen\/bestaetigen\?token=/);
  await check(await person.open(link), "signature confirmation link from the mail");
  await check(await person.follow("main form#form button[type=submit]"), "signature confirmed");
  assert.equal((await page.locator("h1").textContent()).trim(), german["petitions.confirm_ok_title"]);
}
