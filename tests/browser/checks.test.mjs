// The checks themselves: a page with known faults must give the problems every other test relies on finding. Without
// this, a checker that silently found nothing (axe not injected, a wrong rule set) would pass every page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser } from "./lib/browser.mjs";
import { runAxe, overflowInPage } from "./lib/checks.mjs";

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

// The overflow check at a phone's width: what widens the page is found and named; what scrolls in a region of its own,
// a map's tiles or a field's long value is not.
async function overflowAt375(body) {
  const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
  try {
    await page.setContent(`<!doctype html><html lang="de"><head><title>Breite</title>
      <style>body { margin: 0 } .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0) }
      .region { overflow-x: auto } td { white-space: nowrap }</style></head><body><main>${body}</main></body></html>`);
    return await page.evaluate(overflowInPage);
  } finally {
    await page.close();
  }
}

const wideTable = `<table class="daten"><tr><td>Stellungnahme Nummer eins</td><td>Eingegangen am Montag</td>
  <td>Bearbeitet von der Sachbearbeitung</td></tr></table>`;

test("overflow: a wide table, a long word and an escaping hidden text are named", async () => {
  const table = await overflowAt375(wideTable);
  assert.ok(table && table.documentWidth > 375, "a table wider than the phone was not found");
  assert.match(table.culprits[0], /^<table\.daten> \d+ px wide, reaches \d+ px \("Stellungnahme/);

  const word = await overflowAt375(`<p id="kompositum">Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung</p>`);
  assert.ok(word, "a word wider than the phone was not found");
  assert.match(word.culprits.join("\n"), /<p#kompositum>/);

  // A visually hidden text inside a scrolling region that is not positioned escapes the region's clip.
  const escaping = await overflowAt375(`<div class="region">${wideTable.replace("</tr>", "<td>Ende<span class=\"sr\" id=\"versteckt\">x</span></td></tr>")}</div>`);
  assert.ok(escaping, "a hidden text that escapes its scrolling region was not found");
  assert.match(escaping.culprits.join("\n"), /<span#versteckt\.sr>/);
});

test("overflow: a table scrolling in its own region, a long field value and a fitting page pass", async () => {
  assert.equal(await overflowAt375(`<div class="region">${wideTable}</div>`), null);
  assert.equal(await overflowAt375(`<label for="u">Adresse</label><input id="u" size="20"
    value="https://tile.example/{z}/{x}/{y}.png?ein-sehr-langer-schluessel=0123456789abcdef">`), null);
  assert.equal(await overflowAt375(`<h1>Gut</h1><p>Ein Text, der umbricht, wie jeder Text umbrechen sollte.</p>`), null);
});
