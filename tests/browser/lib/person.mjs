// A person at the browser, in one of two ways: with the mouse, or with the keyboard only. A flow is written once
// against this interface and runs both ways; the keyboard person reaches every control with Tab (and checks that
// focus is visible there), follows links and submits with Enter, and ticks boxes with Space.
import assert from "node:assert/strict";
import { tabTo } from "./people.mjs";

async function navigating(page, action) {
  const [response] = await Promise.all([page.waitForNavigation(), action()]);
  return response;
}

export function mousePerson(page) {
  return {
    mode: "mouse",
    page,
    /** Opens an address directly (typed in, or from a mail). */
    open: (url) => page.goto(url),
    /** Clicks a link or button that loads a page; returns that page's response. */
    follow: (selector) => navigating(page, () => page.locator(selector).click()),
    fill: (selector, text) => page.locator(selector).fill(text),
    tick: (selector) => page.locator(selector).check(),
  };
}

export function keyboardPerson(page) {
  return {
    mode: "keyboard",
    page,
    open: (url) => page.goto(url),
    follow: async (selector) => {
      await tabTo(page, selector);
      return navigating(page, () => page.keyboard.press("Enter"));
    },
    /** Replaces the field's content, as fill() does for the mouse person. */
    fill: async (selector, text) => {
      await tabTo(page, selector);
      await page.keyboard.press("Control+A");
      await page.keyboard.type(text);
    },
    tick: async (selector) => {
      await tabTo(page, selector);
      await page.keyboard.press("Space");
      assert.ok(await page.locator(selector).isChecked(), `Space did not tick ${selector} on ${page.url()}`);
    },
  };
}
