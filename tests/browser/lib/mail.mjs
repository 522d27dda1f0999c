// Reads the mails that the server wrote as .eml files (serve --mail dir:DIR), the way a person opens their inbox.
import fs from "node:fs";
import path from "node:path";

function decodeQuotedPrintable(body) {
  const joined = body.replace(/=\r?\n/g, "");
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function parseMail(text) {
  const split = text.search(/\r?\n\r?\n/);
  const head = text.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  const headers = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(split).replace(/^\r?\n\r?\n/, "");
  if (/quoted-printable/i.test(headers["content-transfer-encoding"] || "")) body = decodeQuotedPrintable(body);
  return { headers, body };
}

/**
 * Waits (up to 15 s) for a mail to `address` whose body contains a link matching `linkPattern` (a RegExp with the
 * path to look for) and returns the first such link, as written in the mail.
 */
export async function waitForMailLink(mailDir, address, linkPattern) {
  const deadline = Date.now() + 15_000;
  const seen = [];
  while (Date.now() < deadline) {
    const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).filter((f) => f.endsWith(".eml")).sort() : [];
    seen.length = 0;
    for (const file of files.reverse()) {
      const mail = parseMail(fs.readFileSync(path.join(mailDir, file), "utf8"));
      seen.push(`${file}: to ${mail.headers.to}`);
      if (!(mail.headers.to || "").includes(address)) continue;
      for (const url of mail.body.match(/https?:\/\/[^\s<>"]+/g) || []) {
        if (linkPattern.test(url)) return url;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail to ${address} with a link matching ${linkPattern} within 15 s; mails: ${seen.join("; ") || "none"}`);
}
