#!/usr/bin/env bash
# Assembles the static files that the server serves under /static/:
#   OUTDIR/                      a copy of static/ (our own CSS, images)
#   OUTDIR/vendor/kern/          the KERN UX design system from @kern-ux/native (pinned in package.json):
#     kern.min.css               KERN's stylesheet, its inline SVG icons moved into icons/ (see below)
#     icons/<hash>.svg           the icons, one file each
#     fonts/fira-sans.css        the Fira Sans @font-face rules and the ten woff2 files they name
#     LICENSE.md, VERSION        KERN's licence (EUPL-1.2) and the package version
#   OUTDIR/vendor/leaflet/       Leaflet (pinned in package.json) for the procedures' map: leaflet.js, leaflet.css,
#                                images/, LICENSE, VERSION — loaded only by the map pages
#
# Why the icons move: KERN embeds its icons as data: URLs in CSS masks, and our Content-Security-Policy
# ("default-src 'self'") does not allow data: images, so browsers would drop every icon. Written out as files they
# are same-origin and allowed. The CSS is otherwise byte-for-byte KERN's.
#
# Usage: scripts/build-assets.sh OUTDIR      (e.g. build/static; idempotent, OUTDIR is replaced as a whole)
# Runs `npm ci` first when node_modules is missing or older than package-lock.json. Needs node and npm.
set -euo pipefail

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "$1")"
case "$out" in
  / | "$root" | "$root/static" | "$root/static/"* | "$root/node_modules"*)
    echo "build-assets: refusing to write to $out" >&2
    exit 2
    ;;
esac

cd "$root"
kern_dir="node_modules/@kern-ux/native"
installed_marker="node_modules/.package-lock.json"  # npm rewrites it on every install
if [[ ! -f "$kern_dir/package.json" || ! -f node_modules/leaflet/package.json || ! -f "$installed_marker" || package-lock.json -nt "$installed_marker" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p "$(dirname "$out")"  # a clean clone has no build directory yet
tmp="$(mktemp -d "${out%/}.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

cp -R static/. "$tmp/"
vendor="$tmp/vendor/kern"
mkdir -p "$vendor/fonts/fira-sans" "$vendor/icons"

# Fonts: the stylesheet and exactly the files it refers to.
cp "$kern_dir/dist/fonts/fira-sans.css" "$vendor/fonts/"
grep -o 'url("[^"]*")' "$kern_dir/dist/fonts/fira-sans.css" | sed -e 's/^url("\.\///' -e 's/")$//' | sort -u |
  while read -r font; do
    cp "$kern_dir/dist/fonts/$font" "$vendor/fonts/$font"
  done

# Stylesheet with the data: icons written out as files.
node - "$kern_dir/dist/kern.min.css" "$vendor" <<'EOF'
const fs = require("fs");
const crypto = require("crypto");
const path = require("path");
const [source, target] = process.argv.slice(2);
const icons = new Map();
const css = fs.readFileSync(source, "utf8").replace(/url\("data:image\/svg\+xml,([^"]*)"\)/g, (_, encoded) => {
  const svg = decodeURIComponent(encoded);
  const name = crypto.createHash("sha256").update(svg).digest("hex").slice(0, 16) + ".svg";
  icons.set(name, svg);
  return `url("icons/${name}")`;
});
if (css.includes("data:")) {
  console.error("build-assets: kern.min.css still contains a data: URL the script does not understand");
  process.exit(1);
}
for (const [name, svg] of icons) fs.writeFileSync(path.join(target, "icons", name), svg);
fs.writeFileSync(path.join(target, "kern.min.css"), css);
console.log(`build-assets: kern.min.css with ${icons.size} icons`);
EOF

cp "$kern_dir/LICENSE.md" "$vendor/LICENSE.md"
node -p 'require("./'"$kern_dir"'/package.json").version' > "$vendor/VERSION"

leaflet_dir="node_modules/leaflet"
mkdir -p "$tmp/vendor/leaflet"
cp -R "$leaflet_dir/dist/leaflet.js" "$leaflet_dir/dist/leaflet.css" "$leaflet_dir/dist/images" "$tmp/vendor/leaflet/"
cp "$leaflet_dir/LICENSE" "$tmp/vendor/leaflet/LICENSE"
node -p 'require("./'"$leaflet_dir"'/package.json").version' > "$tmp/vendor/leaflet/VERSION"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$tmp" "$out"
trap - EXIT
chmod -R u=rwX,go=rX "$out"
echo "build-assets: wrote $out"
