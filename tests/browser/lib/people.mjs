// Helpers shared by the crawler and the flows: logging in, and reaching a control with the keyboard only.
import assert from "node:assert/strict";

/** True when the header shows the account link, i.e. someone is logged in. */
export async function isLoggedIn(page) {
  return (await page.locator('header nav a[href="/konto"]').count()) > 0;
}

/** Logs in through the login form (mouse). Returns the response of the page the form leads to. */
export async function logIn(page, email, password) {
  await page.goto("/anmelden");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  const [response] = await Promise.all([page.waitForNavigation(), page.locator("form#form button[type=submit]").click()]);
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
