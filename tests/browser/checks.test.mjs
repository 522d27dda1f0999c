// The checks themselves: a page with known faults must give the problems every other test relies on finding. Without
// this, a checker that silently found nothing (axe not injected, a wrong rule set) would pass every page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser } from "./lib/browser.mjs";
import { runAxe } from "./lib/checks.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const faultyPage = `<!doctype html><html><head><title>Fehlerhaft</title></head><body><main>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <p style="color:#bbb;background:#fff">Zu blasser Text</p>
  <input type="text">
  <a href="/weiter"></a>
</main></body></html>`;

test("axe finds the WCAG faults of a faulty page, each once", async () => {
  const page = await browser.newPage();
  try {
    await page.setContent(faultyPage);
    const ids = (await runAxe(page)).violations.map((violation) => violation.id).sort();
    for (const expected of ["color-contrast", "html-has-lang", "image-alt", "label", "link-name"]) {
      assert.ok(ids.includes(expected), `axe missed ${expected}; it found ${ids.join(", ")}`);
    }
    // A second run on the same page (axe already there) gives the same answer.
    assert.deepEqual((await runAxe(page)).violations.map((violation) => violation.id).sort(), ids);
  } finally {
    await page.close();
  }
});

test("axe finds nothing on a sound page", async () => {
  const page = await browser.newPage();
  try {
    await page.setContent(`<!doctype html><html lang="de"><head><title>Gut</title></head><body><main>
      <h1>Gut</h1><p>Lesbarer Text</p><label for="name">Name</label><input id="name" type="text">
      <a href="/weiter">Weiter</a></main></body></html>`);
    assert.deepEqual((await runAxe(page)).violations.map((violation) => violation.id), []);
  } finally {
    await page.close();
  }
});
