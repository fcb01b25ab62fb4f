#!/usr/bin/env bash
# Build the example app's base image locally, without pulling anything.
#
# The rootfs holds a static busybox (sh, httpd, nc, sha256sum, ... as applet
# symlinks), the host's real psql binary with every shared library ldd lists
# for it plus the dynamic loader, /etc/passwd with non-root users, and /tmp.
# It is imported with `docker import`, so no registry is needed.
set -euo pipefail

readonly DEFAULT_TAG="deploy-example-base:local"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--force] [--help] [TAG]

Builds a minimal base image for examples/webapp with no network access:
busybox-static + the host's psql (and its shared libraries), imported with
'docker import'. Prints the image tag on the last line of output.

Arguments:
  TAG        image tag to create (default: \$BASE_IMAGE_TAG or $DEFAULT_TAG)

Options:
  --force    rebuild even if the tag already exists
  --help     show this help

Environment:
  BASE_IMAGE_TAG  default tag (the TAG argument wins)
  BUSYBOX         static busybox binary (default: /bin/busybox)
  PSQL            real psql binary, not Debian's perl wrapper
                  (default: newest /usr/lib/postgresql/*/bin/psql)
  DOCKER          docker client command (default: docker)
USAGE
}

die() {
  echo "build-local-base: error: $*" >&2
  exit 1
}

log() {
  echo "build-local-base: $*" >&2
}

force=0
tag="${BASE_IMAGE_TAG:-$DEFAULT_TAG}"
tag_set=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --help|-h) usage; exit 0 ;;
    --force) force=1 ;;
    --) shift; break ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *)
      [[ $tag_set -eq 0 ]] || die "only one TAG argument is allowed"
      tag="$1"; tag_set=1 ;;
  esac
  shift
done
if [[ $# -gt 0 ]]; then
  [[ $tag_set -eq 0 && $# -eq 1 ]] || die "only one TAG argument is allowed"
  tag="$1"
fi
[[ -n "$tag" ]] || die "empty tag"

docker_cmd="${DOCKER:-docker}"
busybox="${BUSYBOX:-/bin/busybox}"
psql_bin="${PSQL:-}"
if [[ -z "$psql_bin" ]]; then
  psql_bin="$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/psql' -type f 2>/dev/null | sort -V | tail -n 1 || true)"
fi

command -v "$docker_cmd" >/dev/null 2>&1 || die "docker client '$docker_cmd' not found"

if [[ $force -eq 0 ]] && "$docker_cmd" image inspect "$tag" >/dev/null 2>&1; then
  log "image $tag already exists (use --force to rebuild)"
  echo "$tag"
  exit 0
fi

[[ -x "$busybox" ]] || die "busybox not found at $busybox (Debian: apt-get install busybox-static)"
if ldd "$busybox" >/dev/null 2>&1; then
  die "$busybox is dynamically linked; a static busybox is needed (busybox-static)"
fi
[[ -n "$psql_bin" && -x "$psql_bin" ]] || die "psql not found (set PSQL=/path/to/real/psql; Debian: postgresql-client)"
head -c 4 "$psql_bin" | grep -q 'ELF' || die "$psql_bin is not an ELF binary (Debian's /usr/bin/psql is a perl wrapper; use /usr/lib/postgresql/N/bin/psql)"
for applet in sh httpd nc sha256sum; do
  "$busybox" --list | grep -qx "$applet" || die "$busybox has no '$applet' applet"
done

workdir="$(mktemp -d "${TMPDIR:-/tmp}/deploy-example-base.XXXXXX")"
cleanup() { rm -rf -- "$workdir"; }
trap cleanup EXIT
rootfs="$workdir/rootfs"
mkdir -p "$rootfs"/{bin,usr/bin,etc,tmp,app}
chmod 1777 "$rootfs/tmp"

# busybox and one symlink per applet
cp "$busybox" "$rootfs/bin/busybox"
chmod 0755 "$rootfs/bin/busybox"
while IFS= read -r applet; do
  [[ -n "$applet" && "$applet" != "busybox" ]] || continue
  ln -s busybox "$rootfs/bin/$applet"
done < <("$busybox" --list)

# psql and every library the dynamic linker resolves for it, plus the loader
cp -L "$psql_bin" "$rootfs/usr/bin/psql"
chmod 0755 "$rootfs/usr/bin/psql"
libs=0
while IFS= read -r lib; do
  [[ -n "$lib" ]] || continue
  [[ -e "$lib" ]] || die "ldd listed $lib but it does not exist"
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
  libs=$((libs + 1))
done < <(ldd "$psql_bin" | awk '
  $2 == "=>" && $3 ~ /^\// { print $3; next }
  $1 ~ /^\// { print $1 }
' | sort -u)
[[ $libs -gt 0 ]] || die "ldd listed no libraries for $psql_bin"

cat > "$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
app:x:10001:10001:app:/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > "$rootfs/etc/group" <<'GROUP'
root:x:0:
app:x:10001:
nogroup:x:65534:
GROUP
cat > "$rootfs/etc/nsswitch.conf" <<'NSS'
passwd: files
group: files
hosts: files dns
NSS
printf '127.0.0.1 localhost\n::1 localhost\n' > "$rootfs/etc/hosts"

# smoke test inside the rootfs without docker: the loader must find every library
if ! "$rootfs/usr/bin/psql" --version >/dev/null 2>&1; then
  log "warning: psql --version failed on the host copy (continuing; the image check follows)"
fi

log "importing rootfs ($(du -sh "$rootfs" | cut -f1), $libs libraries) as $tag"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -c . \
  | "$docker_cmd" import \
      --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
      --change 'CMD ["/bin/sh"]' \
      --change 'LABEL org.opencontainers.image.title=deploy-example-base' \
      - "$tag" >/dev/null

# verify what the example app needs actually runs in the image
"$docker_cmd" run --rm --network none --user 65534 "$tag" sh -c \
  'psql --version >/dev/null && command -v httpd >/dev/null && command -v nc >/dev/null && echo ok | sha256sum >/dev/null' \
  || die "image $tag failed its self-check (psql/httpd/nc/sha256sum)"

log "built $tag"
echo "$tag"
