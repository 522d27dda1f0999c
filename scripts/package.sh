#!/usr/bin/env bash
# Builds the Debian package mitwirken_<version>_amd64.deb from a build (make package calls it after make build-server
# and the assets):
#   /usr/bin/mitwirken                       the binary (debug symbols stripped)
#   /usr/share/mitwirken/                    templates, locales, migrations, gazetteer/, the API description, static/ (assets)
#   /lib/systemd/system/mitwirken.service    the hardened service (packaging/mitwirken.service)
#   /etc/mitwirken/mitwirken.env             the configuration (a conffile: upgrades keep the operator's changes)
#   /usr/share/doc/mitwirken/                README, licence, examples/nginx-mitwirken.conf (TLS reverse proxy)
# The maintainer scripts (packaging/debian/) create the system user `mitwirken`, the state directory
# /var/lib/mitwirken, run `mitwirken migrate` on install and upgrade, and enable and (re)start the service.
# Depends: computed by dpkg-shlibdeps from the libraries the binary links.
#
#   scripts/package.sh build build/package     # BUILD, OUTDIR; prints the path of the .deb
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-$build/package}
binary=$build/mitwirken
[[ -x $binary ]] || { echo "package: no $binary (make build-server)" >&2; exit 1; }
[[ -f $build/static/vendor/kern/kern.min.css ]] || { echo "package: no assets in $build/static (make assets)" >&2; exit 1; }

version=$(sed -n 's/^project(mitwirken VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
root=$(mktemp -d "${TMPDIR:-/tmp}/mitwirken-package.XXXXXX")
trap 'rm -rf "$root"' EXIT

install -D -m 0755 "$binary" "$root/usr/bin/mitwirken"
strip --strip-debug "$root/usr/bin/mitwirken"
share=$root/usr/share/mitwirken
mkdir -p "$share/docs"
cp -R templates locales migrations gazetteer "$share/"
cp -R docs/openapi.json docs/openapi "$share/docs/"
cp -R "$build/static" "$share/static"
install -D -m 0644 packaging/mitwirken.service "$root/lib/systemd/system/mitwirken.service"
install -D -m 0644 packaging/mitwirken.env "$root/etc/mitwirken/mitwirken.env"
doc=$root/usr/share/doc/mitwirken
install -D -m 0644 README.md "$doc/README.md"
install -D -m 0644 LICENSE "$doc/copyright"
install -D -m 0644 packaging/nginx-mitwirken.conf "$doc/examples/nginx-mitwirken.conf"

# Depends from the linked libraries (dpkg-shlibdeps wants a debian/control of a source package to read).
shlib_dir=$(mktemp -d)
mkdir -p "$shlib_dir/debian"
printf 'Source: mitwirken\n\nPackage: mitwirken\nArchitecture: any\n' >"$shlib_dir/debian/control"
depends=$(cd "$shlib_dir" && dpkg-shlibdeps -O "$root/usr/bin/mitwirken" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
rm -rf "$shlib_dir"
[[ -n $depends ]] || { echo "package: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

mkdir -p "$root/DEBIAN"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"
echo /etc/mitwirken/mitwirken.env >"$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: mitwirken
Version: $version
Architecture: amd64
Maintainer: mitwirken <mitwirken@mitwirken.example>
Installed-Size: $size
Depends: $depends, fonts-dejavu-core, passwd
Recommends: nginx
Suggests: postgresql-client
Section: web
Priority: optional
Homepage: https://mitwirken.example
Description: Beteiligungsportal for German public administration
 mitwirken is a multi-tenant e-participation portal: formal procedures with
 statements and objections, online petitions and more, with the authority's
 back office. One binary over SQLite or PostgreSQL.
CONTROL

mkdir -p "$out"
deb="$out/mitwirken_${version}_amd64.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"
