// Every page, checked: a crawler follows every internal link from the start page, as a visitor and logged in with
// each role, so that a new page is covered as soon as something links to it. Each role visits every page in German;
// in English each page is visited once, by the first role that reaches it (the templates are the same in both
// languages, the English pass shows that the language sticks and the English page is as sound). Every visit gets the
// checks of lib/checks.mjs and must fit a phone's width (375 and 320 px) without scrolling sideways; the first page
// of each type is photographed at 1280 and 375 px and checked with axe at 375 px too. At the end the Nu Html Checker
// validates every page collected, in one batch.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./lib/server.mjs";
import { launchBrowser, newContext } from "./lib/browser.mjs";
import { PageChecker } from "./lib/checks.mjs";
import { logIn, isLoggedIn } from "./lib/people.mjs";
import { roles, languages } from "./lib/roles.mjs";
import { crawlLimit, demoPassword } from "./lib/env.mjs";

// Where every crawl starts, with the status each must answer; the unknown path shows the 404 page.
const seeds = [
  { url: "/", status: 200 },
  { url: "/diese-seite-gibt-es-nicht", status: 404 },
  // The place search's states (#14 item 1): results, a choice between places of one name, an unknown place.
  { url: "/beteiligung?place=Grimma&radius=10", status: 200 },
  { url: "/beteiligung?place=Aach&radius=10", status: 200 },
  { url: "/beteiligung?place=Nirgendwo&radius=10", status: 422 },
];

let server;
let browser;
let tenantSlugs = new Set();
const checker = new PageChecker("pages");

before(async () => {
  server = await startServer("pages");
  browser = await launchBrowser();
  const tenants = await (await fetch(`${server.baseUrl}/api/v1/tenants`)).json();
  tenantSlugs = new Set(tenants.map((tenant) => tenant.slug));
  await registerSomeone();
});

// The demo data sends no mail; one registration puts a mail in the outbox, so that the platform administration's
// mail pages have something to show.
async function registerSomeone() {
  const context = await newContext(browser, server.baseUrl);
  try {
    const page = await context.newPage();
    await page.goto("/registrieren");
    await page.locator("#name").fill("Crawler Testperson");
    await page.locator("#email").fill("crawler@buerger.example");
    await page.locator("#password").fill("Ein-sicheres-Passwort-2026");
    await page.locator("#password_confirm").fill("Ein-sicheres-Passwort-2026");
    await page.locator("#consent").check();
    await Promise.all([page.waitForNavigation(), page.locator("main form#form button[type=submit]").click()]);
    assert.match(new URL(page.url()).pathname, /^\/registrieren\/gesendet/, "the registration before the crawl failed");
  } finally {
    await context.close();
  }
}

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Links the crawler does not follow: other origins, assets, the API, downloads, and anything that changes state.
function linkTarget(href, download, ownTenant) {
  let url;
  try {
    url = new URL(href, server.baseUrl);
  } catch {
    return null;
  }
  if (url.origin !== server.baseUrl || download) return null;
  if (/^\/(static|api)\//.test(url.pathname) || ["/abmelden", "/konto/export"].includes(url.pathname)) return null;
  url.hash = "";
  url.searchParams.delete("lang"); // each page is visited in both languages anyway
  const visit = url.pathname + url.search;
  // /anmelden?next=… is linked from every page with a different next: one of them stands for all.
  url.searchParams.delete("next");
  // Filtered, sorted and paged views of a list (the moderators' signature check, a procedure's inbox, the overview
  // of procedures) are the same page with other rows: one stands for all of a path.
  // Pages of one kind below a procedure (a statement in the back office, a cluster, a receipt, a document) have the
  // same template too: one of each kind per procedure is checked.
  let path = url.pathname.replace(/\/(bearbeitung|gruppen|stellungnahmen|dokumente|v)\/\d+/g, "/$1/{id}");
  // A tenant's lists, forms and feeds (/grimma/petitionen, /leipzig/petitionen/neu, …) are one template for every
  // tenant: the first tenant's stands for all — except in the tenant where the role has its role, whose pages offer
  // more. A tenant's start page and the pages of one procedure or petition are visited for each, as their content
  // differs in kind (types, phases, what a role may do there).
  const segments = path.split("/").filter(Boolean);
  if (segments.length >= 2 && tenantSlugs.has(segments[0]) && segments[0] !== ownTenant &&
      !segments.some((segment) => /^\d+$/.test(segment))) {
    path = `/{mandant}/${segments.slice(1).join("/")}`;
  }
  return { visit, key: url.search ? `${path}?gefiltert` : path };
}

// The kind of page, for screenshots: tenant slugs, numbers and tokens in the path become placeholders.
function pageType(url, status) {
  if (status === 404) return "fehler-404";
  const segments = new URL(url, server.baseUrl).pathname.split("/").filter(Boolean).map((segment, index) => {
    if (index === 0 && tenantSlugs.has(segment)) return "mandant";
    if (/^\d+$/.test(segment)) return "id";
    if (/^[A-Za-z0-9_-]{20,}$/.test(segment)) return "token";
    return segment;
  });
  return segments.join("-") || "start";
}

// Two roles at a time: a page load mostly waits for the server or the renderer, so two crawls share the two cores.
// Page keys (see linkTarget) already visited in English, by any role.
const checkedInEnglish = new Set();

describe("crawl", { concurrency: 2 }, () => {
  for (const role of roles) {
    test(`crawl as ${role.name}`, async (t) => {
      const pages = {};
      const contexts = [];
      try {
        for (const lang of languages) {
          const context = await newContext(browser, server.baseUrl);
          contexts.push(context);
          const page = checker.watch(await context.newPage());
          await page.goto(`/?lang=${lang}`); // sets the language cookie of this context
          if (role.email) await logIn(page, role.email, demoPassword);
          pages[lang] = page;
        }

        const queue = seeds.map((seed) => ({ ...seed, key: seed.url, from: "(seed)" }));
        const seen = new Set(queue.map((item) => item.url));
        let visited = 0;
        let englishVisits = 0;
        while (queue.length && visited < crawlLimit) {
          const item = queue.shift();
          visited++;
          for (const lang of languages) {
            if (lang !== "de") {
              if (checkedInEnglish.has(item.key)) continue;
              checkedInEnglish.add(item.key);
              englishVisits++;
            }
            const page = pages[lang];
            const label = `${item.url} [${lang}, ${role.name}]`;
            await t.test(label, async () => {
              const response = await page.goto(item.url);
              const problems = await checker.check(page, response, label, { status: item.status, lang });
              if (response && (response.headers()["content-type"] || "").startsWith("text/html")) {
                if (role.email && item.status === 200 && !(await isLoggedIn(page))) problems.push(`${label}: the session was lost`);
                const links = await page.$$eval("a[href]", (anchors) =>
                  anchors.map((a) => ({ href: a.href, download: a.hasAttribute("download") })),
                );
                for (const { href, download } of links) {
                  const target = linkTarget(href, download, role.tenant);
                  if (!target || seen.has(target.key)) continue;
                  seen.add(target.key);
                  queue.push({ url: target.visit, key: target.key, status: 200, from: item.url });
                }
                problems.push(...(await checker.overflowProblems(page, label)));
                // The first page of each type is photographed and checked with axe at a phone's width too.
                if (lang === "de") {
                  const type = pageType(page.url(), item.status);
                  problems.push(...(await checker.screenshot(page, type, { axe: true, label })));
                }
              }
              if (problems.length) {
                assert.fail(`${problems.length} problem(s) (linked from ${item.from}):\n  ${problems.join("\n  ")}`);
              }
            });
          }
        }
        if (queue.length) t.diagnostic(`stopped at ${crawlLimit} pages; ${queue.length} not visited (MW_CRAWL_MAX_PAGES)`);
        t.diagnostic(`${role.name}: ${visited} pages in German, ${englishVisits} of them also in English`);
        assert.ok(visited > seeds.length, "the crawl reached no page beyond its seeds");
      } finally {
        for (const context of contexts) await context.close();
      }
    });
  }
});

test("Nu Html Checker: zero errors on every page", async (t) => {
  t.diagnostic(`the overflow check at phone widths took ${Math.round(checker.overflowMs / 1000)} s of the crawl`);
  const problems = await checker.runVnu();
  if (problems.length) assert.fail(`${problems.length} error(s):\n  ${problems.join("\n  ")}`);
});
