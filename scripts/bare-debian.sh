#!/usr/bin/env bash
# Runs one of the README's commands in a bare Debian 12 root, as a new user's machine would be: debootstrap minbase
# from Debian's archive plus git, make, sudo and ca-certificates — no Node, no compiler, nothing of ours. The
# machine's extra CA certificates (/usr/local/share/ca-certificates) are copied in, so that a proxy that re-signs
# TLS works the same inside. The repository is cloned into the root from this checkout's committed HEAD (what CI would
# see), and the command runs there as root.
#
#   scripts/bare-debian.sh /srv/bookworm                 # make test in /srv/bookworm/root/mitwirken
#   scripts/bare-debian.sh /srv/bookworm make demo       # any command, run in the clone
#
#   MW_BARE_CCACHE=/root/.cache/ccache scripts/bare-debian.sh /srv/bookworm   # reuse this machine's compiler cache
#
# Needs root and debootstrap (apt-get install debootstrap). The root is made once and kept; the clone is made anew
# each run. MW_BARE_CCACHE bind-mounts a ccache directory as the root's (the objects are the same compiler's, so the
# run is only shorter, not different; without it every object is compiled in the root). /proc, /sys and /dev are mounted while the command runs and unmounted afterwards. The output is also
# kept in ROOT/root/bare-debian.log.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 ROOT [COMMAND ...]   (default command: make test)" >&2
  exit 2
fi
root=$(realpath -m "$1")
shift
command=("$@")
((${#command[@]})) || command=(make test)
checkout=$(cd "$(dirname "$0")/.." && pwd)

[[ $(id -u) -eq 0 ]] || { echo "bare-debian: run as root (debootstrap and chroot need it)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "bare-debian: apt-get install debootstrap" >&2; exit 2; }

if [[ ! -x $root/usr/bin/git ]]; then
  echo "bare-debian: debootstrap bookworm into $root"
  debootstrap --variant=minbase --include=git,make,sudo,ca-certificates bookworm "$root" http://deb.debian.org/debian
  # Security updates, as on any installed Debian 12.
  echo "deb http://deb.debian.org/debian-security bookworm-security main" >"$root/etc/apt/sources.list.d/security.list"
fi
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"

mounts=()
cleanup() {
  for ((index = ${#mounts[@]} - 1; index >= 0; index--)); do
    umount -l "${mounts[index]}" 2>/dev/null || true
  done
}
trap cleanup EXIT
mount_into() {
  mkdir -p "$root$2"
  mount "${@:3}" "$1" "$root$2"
  mounts+=("$root$2")
}
mount_into proc /proc -t proc
mount_into /sys /sys --rbind
mount_into /dev /dev --rbind
if [[ -n ${MW_BARE_CCACHE:-} ]]; then
  mount_into "$MW_BARE_CCACHE" /root/.cache/ccache --bind
fi

rm -rf "$root/root/mitwirken"
git clone --quiet "$checkout" "$root/root/mitwirken"
echo "bare-debian: running '${command[*]}' in $root/root/mitwirken at $(git -C "$checkout" rev-parse --short HEAD)"
started=$SECONDS
status=0
# A login-like environment: nothing from this machine's PATH (no Node, no tools of its own) leaks in.
chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  bash -c "cd /root/mitwirken && ${command[*]@Q}" 2>&1 | tee "$root/root/bare-debian.log" || status=$?
echo "bare-debian: '${command[*]}' exited $status after $((SECONDS - started)) s (log: $root/root/bare-debian.log)"
exit "$status"
