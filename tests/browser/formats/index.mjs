// The participation formats' parts of the core flows. Every other .mjs file in this folder is one format and is
// picked up without being listed here. A format module exports:
//
//   export const name = "petitions";
//   // Acts in the format as the logged-in citizen of a core flow (e.g. signs the demo petition), with the mouse or
//   // the keyboard only, whichever `person` is (lib/person.mjs: open, follow, fill, tick). `check(response, step)`
//   // runs every page check of lib/checks.mjs on a page the format reached; call it after each navigation.
//   // user: {email, password, name} of the freshly registered citizen; mailDir: where the server's mails land
//   // (lib/mail.mjs waitForMailLink reads them).
//   export async function actAsCitizen({ person, page, check, user, mailDir }) { … }
//
// The demo data (src/app/demo.cpp) gives each format something to act on.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const folder = path.dirname(fileURLToPath(import.meta.url));

export async function loadFormats() {
  const files = fs.readdirSync(folder).filter((file) => file.endsWith(".mjs") && file !== "index.mjs").sort();
  const formats = [];
  for (const file of files) {
    const format = await import(pathToFileURL(path.join(folder, file)).href);
    if (typeof format.actAsCitizen !== "function" || !format.name) {
      throw new Error(`tests/browser/formats/${file} must export name and actAsCitizen`);
    }
    formats.push(format);
  }
  return formats;
}
