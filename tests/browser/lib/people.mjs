// Helpers shared by the crawler and the flows: logging in, and reaching a control with the keyboard only.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";

/** True when the header shows the account link, i.e. someone is logged in. */
export async function isLoggedIn(page) {
  return (await page.locator('header nav a[href="/konto"]').count()) > 0;
}

// The demo platform administrator's authenticator secret (src/app/demo.hpp, kDemoAdminTotpSecret): the platform
// administration asks for a second factor, and this helper plays the app.
const demoTotpSecrets = { "admin@mitwirken.example": "MITWIRKENDEMOPLATTFORMADMIN23456" };
const lastStepUsed = new Map();

function base32Decode(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out = [];
  for (const char of text) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The TOTP code (RFC 6238: HMAC-SHA-1, 6 digits, 30 s) of a base32 secret for time step `step`. */
export function totpCode(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 15;
  const number = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(number).padStart(6, "0");
}

/** A code not used yet in this process (each code is accepted once): waits for the next step when needed. */
async function nextCode(email) {
  let step = Math.floor(Date.now() / 30000);
  const last = lastStepUsed.get(email) ?? 0;
  if (step <= last) step = last + 1;  // one step ahead is accepted
  while (step > Math.floor(Date.now() / 30000) + 1) await new Promise((resolve) => setTimeout(resolve, 1000));
  lastStepUsed.set(email, step);
  return totpCode(demoTotpSecrets[email], step);
}

/** Logs in through the login form (mouse), with the second step where the account has one. Returns the response of
 * the page the form leads to. */
export async function logIn(page, email, password) {
  await page.goto("/anmelden");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  let [response] = await Promise.all([page.waitForNavigation(), page.locator("form#form button[type=submit]").click()]);
  if (new URL(page.url()).pathname === "/anmelden/zweiter-faktor" && demoTotpSecrets[email]) {
    await page.locator("#code").fill(await nextCode(email));
    [response] = await Promise.all([page.waitForNavigation(), page.locator("form#form button[type=submit]").click()]);
  }
  assert.ok(await isLoggedIn(page), `logging in as ${email} failed: ${page.url()}`);
  return response;
}

/**
 * Keyboard only: presses Tab until the focused element matches `selector` (at most `limit` times) and checks that
 * focus is visible there (WCAG 2.4.7). Fails naming the element when Tab never gets there.
 */
export async function tabTo(page, selector, limit = 80) {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    const reached = await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector);
    if (reached) {
      const indicator = await page.evaluate(() => {
        const element = document.activeElement;
        const style = getComputedStyle(element);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow && style.boxShadow !== "none";
        return { visible: outline || shadow, focusVisible: element.matches(":focus-visible") };
      });
      assert.ok(indicator.focusVisible && indicator.visible, `${selector} has focus but no visible focus indicator on ${page.url()}`);
      return;
    }
  }
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 120));
  assert.fail(`could not reach ${selector} with Tab on ${page.url()} within ${limit} presses (focus is on ${focused})`);
}
