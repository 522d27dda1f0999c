// The checks every page gets, wherever a test reaches it (crawler or flow):
//   - the HTTP status the test expects;
//   - response headers: a Content-Security-Policy that allows no inline script and restricts frame-ancestors,
//     X-Content-Type-Options: nosniff, a Referrer-Policy, and every cookie HttpOnly + SameSite (also on the
//     redirects that led to the page);
//   - the page itself: <html lang> as requested, no inline script, inline style or javascript: URL, no console
//     error (a CSP violation shows up there);
//   - axe-core with the WCAG 2.0/2.1 A and AA rules: zero violations (at 1280 px; screenshot() can run it at 375 px);
//   - overflowProblems(), which the crawler calls on every visit: the page fits 375 and 320 px without scrolling
//     sideways;
//   - the served HTML is kept, and PageChecker.runVnu() hands all of it to the Nu Html Checker in one batch.
// The page's own checks (inline script, axe, vnu) run once per distinct HTML: the crawler meets the same page again
// and again (the 404 page as every role, the public pages in the same state); headers and status are checked always.
// Every problem is a line that names the page and the rule.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { outDir, vnuJar, ensureDir } from "./env.mjs";

const execFileAsync = promisify(execFile);
// axe-core's own script, evaluated in the page before each run (a navigation clears it). Our pages have no frames, so
// axe.run on the document sees everything; @axe-core/playwright's frame-by-frame run with a finishing step in a new
// page cost about twice as much per page (2026-12-07, ASan server: 0.9–2.4 s against 0.4–1.1 s), and axe is most of
// a crawler's visit.
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const allowedReferrerPolicies = new Set(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]);

function parseCsp(value) {
  const directives = new Map();
  for (const part of value.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources.map((s) => s.toLowerCase()));
  }
  return directives;
}

/** Problems with the security headers of a page's HTML response. */
export function documentHeaderProblems(headers) {
  const problems = [];
  const csp = headers["content-security-policy"];
  if (!csp) {
    problems.push("header: no Content-Security-Policy");
  } else {
    const directives = parseCsp(csp);
    const scripts = directives.get("script-src") || directives.get("default-src");
    if (!scripts) problems.push("header: Content-Security-Policy has neither script-src nor default-src");
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:"]) {
      if (scripts && scripts.includes(bad)) problems.push(`header: Content-Security-Policy script sources allow ${bad}`);
    }
    const ancestors = directives.get("frame-ancestors");
    if (!ancestors) {
      problems.push("header: Content-Security-Policy lacks frame-ancestors");
    } else if (!ancestors.every((source) => source === "'none'" || source === "'self'")) {
      problems.push(`header: Content-Security-Policy frame-ancestors is not restricted: ${ancestors.join(" ")}`);
    }
  }
  if ((headers["x-content-type-options"] || "").toLowerCase() !== "nosniff") {
    problems.push(`header: X-Content-Type-Options is "${headers["x-content-type-options"] || ""}", expected nosniff`);
  }
  const referrer = (headers["referrer-policy"] || "").toLowerCase();
  if (!referrer) problems.push("header: no Referrer-Policy");
  else if (!allowedReferrerPolicies.has(referrer)) problems.push(`header: Referrer-Policy "${referrer}" leaks the path to other sites`);
  return problems;
}

/** Problems with the Set-Cookie headers of one response. */
export function cookieProblems(headersArray, where) {
  const problems = [];
  for (const { name, value } of headersArray) {
    if (name.toLowerCase() !== "set-cookie") continue;
    for (const cookie of value.split("\n")) {
      const [pair, ...attributes] = cookie.split(";").map((s) => s.trim());
      const names = attributes.map((a) => a.split("=")[0].toLowerCase());
      const cookieName = pair.split("=")[0];
      if (!names.includes("httponly")) problems.push(`cookie ${cookieName} without HttpOnly${where}`);
      const sameSite = attributes.find((a) => a.toLowerCase().startsWith("samesite="));
      if (!sameSite) problems.push(`cookie ${cookieName} without SameSite${where}`);
      else if (!/^samesite=(lax|strict)$/i.test(sameSite)) problems.push(`cookie ${cookieName} with ${sameSite}${where}`);
    }
  }
  return problems;
}

// Runs in the page: inline scripts, handlers, javascript: URLs and inline styles that the CSP forbids.
function inlineProblemsInPage() {
  const describe = (element) => {
    const id = element.id ? `#${element.id}` : "";
    return `<${element.tagName.toLowerCase()}${id}>`;
  };
  const problems = [];
  for (const script of document.querySelectorAll("script:not([src])")) {
    problems.push(`inline script: ${describe(script)} "${script.textContent.trim().slice(0, 60)}"`);
  }
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) problems.push(`inline script: ${name}="${attribute.value.slice(0, 60)}" on ${describe(element)}`);
      // Leaflet positions the map's tiles and markers through the CSSOM (element.style), which the CSP allows and
      // which shows up as style attributes in the live DOM; markup we serve never has one.
      if (name === "style" && !element.closest(".leaflet-container")) {
        problems.push(`inline style: style="${attribute.value.slice(0, 60)}" on ${describe(element)}`);
      }
      if (["href", "src", "action", "formaction"].includes(name) && /^\s*javascript:/i.test(attribute.value)) {
        problems.push(`inline script: ${name}="javascript:…" on ${describe(element)}`);
      }
    }
  }
  for (const style of document.querySelectorAll("style")) problems.push(`inline style: ${describe(style)}`);
  return problems;
}

// Runs in the page at a phone's width: whether the document is wider than the viewport, and if so the elements that
// make it so. An element counts when it reaches beyond the viewport's right edge (its box, or content that overflows
// its box) and no ancestor clips it (a table in a scrolling region does not widen the page). Of those, the culprits
// are the ones a developer would change: the outermost whose box sticks out while its parent's box does not (a table
// or a wide form), and the innermost whose content sticks out (a long word or address in a paragraph).
export function overflowInPage() {
  const root = document.documentElement;
  const viewport = root.clientWidth; // without a vertical scrollbar: what the page may use
  if (root.scrollWidth <= viewport) return null;
  const reach = new Map();
  // `clipper`: the nearest ancestor that clips its content. Inside it only an absolutely positioned element counts,
  // when the clipper is not positioned itself: it escapes the clip (a visually hidden caption in a scrolling table).
  const walk = (element, clipper) => {
    for (const child of element.children) {
      const style = getComputedStyle(child);
      if (style.display === "none") continue;
      const escapes = !clipper || (["absolute", "fixed"].includes(style.position) &&
        getComputedStyle(clipper).position === "static");
      const rect = child.getBoundingClientRect();
      const boxRight = rect.right + window.scrollX;
      // What a clipping element (a scrolling region, a map, a form field's text) holds stays inside its box.
      const clips = style.overflowX !== "visible" || /^(INPUT|TEXTAREA|SELECT|IMG|SVG|VIDEO|CANVAS|IFRAME)$/i.test(child.tagName);
      const contentRight = clips ? boxRight : rect.left + window.scrollX + child.scrollWidth;
      if (escapes && Math.max(boxRight, contentRight) > viewport + 0.5) reach.set(child, { rect, boxRight, contentRight });
      walk(child, clips ? child : escapes ? null : clipper);
    }
  };
  walk(document.body, null);
  const culprits = [];
  for (const [element, { rect, boxRight, contentRight }] of reach) {
    const parent = reach.get(element.parentElement);
    const boxSticksOut = boxRight > viewport + 0.5 && !(parent && parent.boxRight > viewport + 0.5);
    const innermost = contentRight > Math.max(boxRight, viewport) + 0.5 &&
      ![...element.children].some((child) => reach.has(child));
    if (boxSticksOut || innermost) culprits.push({ element, rect, right: Math.max(boxRight, contentRight) });
  }
  culprits.sort((a, b) => b.right - a.right || b.rect.width - a.rect.width);
  const describe = ({ element, rect, right }) => {
    const id = element.id ? `#${element.id}` : "";
    const classes = [...element.classList].map((c) => `.${c}`).join("");
    const text = (element.textContent || "").replace(/\s+/g, " ").trim().slice(0, 50);
    return `<${element.tagName.toLowerCase()}${id}${classes}> ${Math.round(rect.width)} px wide, reaches ${Math.round(right)} px` +
      (text ? ` ("${text}")` : "");
  };
  return { documentWidth: root.scrollWidth, viewport, culprits: culprits.slice(0, 5).map(describe) };
}

// The phone widths every crawled page must fit: the common small phone and the smallest still in use (WCAG 1.4.10
// Reflow asks for 320 CSS px).
export const phoneWidths = [375, 320];

/** Runs axe-core with the WCAG 2.0/2.1 A and AA rules in `page`; its result (only violations are detailed). */
export async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    if (document.querySelector("iframe, frame")) throw new Error("axe: the page has a frame, which runAxe does not enter");
    return window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  }, axeTags);
}

function axeProblems(results) {
  const problems = [];
  for (const violation of results.violations) {
    for (const node of violation.nodes) {
      const target = node.target.map((t) => (Array.isArray(t) ? t.join(" ") : t)).join(", ");
      problems.push(`axe ${violation.id} (${violation.impact}): ${violation.help} — ${target}: ${node.html.slice(0, 160)}`);
    }
  }
  return problems;
}

function slug(text) {
  return text.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "start";
}

/**
 * Collects the checks of one test file. `suite` names its output folder below build/browser/.
 */
export class PageChecker {
  constructor(suite) {
    this.suite = suite;
    this.htmlDir = path.join(outDir, "html", suite);
    this.screenshotDir = ensureDir(path.join(outDir, "screenshots"));
    fs.rmSync(this.htmlDir, { recursive: true, force: true });
    ensureDir(this.htmlDir);
    this.htmlFiles = new Map(); // file -> label
    this.screenshotted = new Set();
    this.consoleErrors = new WeakMap();
    this.count = 0;
    this.checkedHtml = new Set(); // SHA-256 of pages checked with axe and kept for vnu
    this.overflowMs = 0; // time spent in overflowProblems, for the suite's budget
  }

  /** Records console errors of `page` (CSP violations among them) so that check() can report them. */
  watch(page) {
    const errors = [];
    this.consoleErrors.set(page, errors);
    page.on("console", (message) => {
      // A failed resource is reported below with its address; the console line names none.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
    });
    page.on("response", (response) => {
      const type = response.request().resourceType();
      if (type !== "document" && response.status() >= 400) {
        errors.push(`${type} ${new URL(response.url()).pathname} answered ${response.status()}`);
      }
    });
    page.on("requestfailed", (request) => {
      // ERR_ABORTED: the page was left while the request ran (a navigation), not a fault of the page.
      const reason = request.failure()?.errorText || "";
      if (!reason.includes("ERR_ABORTED")) errors.push(`${request.resourceType()} ${request.url()} failed: ${reason}`);
    });
    page.on("pageerror", (error) => errors.push(String(error)));
    return page;
  }

  /**
   * Checks the page that `response` (from goto, or from waitForNavigation) loaded. Returns the problems, each a line
   * starting with `label`. Options: status (the expected number, or a predicate; default 200), lang ("de" or "en":
   * the expected <html lang>).
   */
  async check(page, response, label, { status = 200, lang } = {}) {
    const problems = [];
    const errors = this.consoleErrors.get(page);
    if (!response) return [`${label}: no response`];
    const statusOk = typeof status === "function" ? status(response.status()) : response.status() === status;
    if (!statusOk) problems.push(`HTTP status ${response.status()}, expected ${status}`);

    for (let request = response.request().redirectedFrom(); request; request = request.redirectedFrom()) {
      const redirect = await request.response();
      if (redirect) problems.push(...cookieProblems(await redirect.headersArray(), ` (on the redirect from ${new URL(request.url()).pathname})`));
    }
    problems.push(...cookieProblems(await response.headersArray(), ""));

    const headers = response.headers();
    if (!(headers["content-type"] || "").startsWith("text/html")) {
      if ((headers["x-content-type-options"] || "") !== "nosniff") problems.push("header: X-Content-Type-Options is not nosniff");
      return problems.map((p) => `${label}: ${p}`);
    }
    problems.push(...documentHeaderProblems(headers));

    if (lang) {
      const htmlLang = await page.evaluate(() => document.documentElement.lang);
      if (htmlLang !== lang) problems.push(`<html lang="${htmlLang}">, expected "${lang}" (the language did not stick)`);
    }
    if (errors && errors.length) {
      problems.push(...errors.map((e) => `console error: ${e.slice(0, 200)}`));
      errors.length = 0;
    }

    // A page whose HTML (apart from its CSRF token) was checked already gives the same answers again.
    const html = await response.text();
    const digest = createHash("sha256").update(html.replace(/name="csrf" value="[^"]*"/g, "")).digest("hex");
    if (!this.checkedHtml.has(digest)) {
      this.checkedHtml.add(digest);
      problems.push(...(await page.evaluate(inlineProblemsInPage)));
      problems.push(...axeProblems(await runAxe(page)));
      const file = `${String(++this.count).padStart(4, "0")}-${slug(label)}.html`;
      fs.writeFileSync(path.join(this.htmlDir, file), html);
      this.htmlFiles.set(file, label);
    }
    return problems.map((p) => `${label}: ${p}`);
  }

  /**
   * Problems of a page that is wider than the viewport at a phone's width (phoneWidths). The page is not reloaded:
   * the viewport is narrowed, measured and restored, which costs a layout per width. Each problem names the widest
   * elements that stick out (tag, id, classes, width, right edge, the start of their text).
   */
  async overflowProblems(page, label) {
    const original = page.viewportSize();
    const problems = [];
    const started = performance.now();
    try {
      for (const width of phoneWidths) {
        await page.setViewportSize({ width, height: original.height });
        const found = await page.evaluate(overflowInPage);
        if (found) {
          problems.push(`${label}: wider than the viewport at ${width} px: the document is ${found.documentWidth} px wide ` +
            `(viewport ${found.viewport} px); sticking out:\n      ${found.culprits.join("\n      ") || "(no single element found)"}`);
        }
      }
    } finally {
      await page.setViewportSize(original);
      this.overflowMs += performance.now() - started;
    }
    return problems;
  }

  /**
   * Writes full-page screenshots at 1280 and 375 px for the first page of each `type`. With `axe`, axe-core also runs
   * on that page at 375 px (a phone's layout hides, stacks and scrolls things differently); its problems, each
   * starting with `label`, are returned. A type photographed before returns no problems.
   */
  async screenshot(page, type, { axe = false, label = type } = {}) {
    if (this.screenshotted.has(type)) return [];
    this.screenshotted.add(type);
    const original = page.viewportSize();
    const problems = [];
    try {
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: path.join(this.screenshotDir, `${slug(type)}-${width}.png`), fullPage: true });
      }
      if (axe) problems.push(...axeProblems(await runAxe(page)).map((problem) => `${label}: at 375 px: ${problem}`));
    } finally {
      await page.setViewportSize(original);
    }
    return problems;
  }

  /** Runs the Nu Html Checker once over every page kept so far; returns its errors, each naming the page. */
  async runVnu() {
    const files = [...this.htmlFiles.keys()].map((f) => path.join(this.htmlDir, f));
    if (!files.length) return ["vnu: no page was collected"];
    let output;
    try {
      const result = await execFileAsync("java", ["-jar", vnuJar, "--errors-only", "--format", "json", ...files], {
        maxBuffer: 64 * 1024 * 1024,
      });
      output = result.stderr || result.stdout;
    } catch (error) {
      // vnu exits 1 when it found errors; anything without JSON is a failure to run.
      output = error.stderr || error.stdout;
      if (!output || !output.trim().startsWith("{")) return [`vnu could not run: ${error.message}`];
    }
    // The same error on many pages (a layout or a role's variant of a page) is reported once, with every page.
    const grouped = new Map();
    for (const message of JSON.parse(output.trim() || "{}").messages || []) {
      if (message.type === "info") continue;
      const file = message.url ? path.basename(decodeURIComponent(new URL(message.url).pathname)) : "";
      const label = this.htmlFiles.get(file) || file || "vnu";
      const where = message.lastLine ? ` (line ${message.lastLine})` : "";
      const extract = message.extract ? ` — ${message.extract.replace(/\s+/g, " ").trim().slice(0, 120)}` : "";
      const key = `vnu ${message.type}: ${message.message}`;
      if (!grouped.has(key)) grouped.set(key, { extract, pages: [] });
      grouped.get(key).pages.push(`${label}${where}`);
    }
    const problems = [];
    for (const [key, { extract, pages }] of grouped) {
      problems.push(`${key}${extract}\n      on ${pages.length} page(s): ${pages.join(", ")}`);
    }
    return problems;
  }
}
