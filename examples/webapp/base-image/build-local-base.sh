#!/usr/bin/env bash
# Build the example app's base image locally, without pulling anything.
#
# The rootfs holds a static busybox (sh, nc, sha256sum, ... as applet
# symlinks), the host's real psql and node binaries with every shared library
# ldd lists for them plus the dynamic loader, /etc/passwd with non-root users,
# and /tmp. It is imported with `docker import`, so no registry is needed.
set -euo pipefail

readonly DEFAULT_TAG="deploy-example-base:local"
# What the rootfs holds, recorded as a label on the image: an existing tag with
# another value (an older layout, e.g. one without node) is rebuilt. Bump it
# whenever the rootfs gains or loses something the example app needs.
readonly LAYOUT_LABEL="org.example.deploy-example-base.layout"
readonly LAYOUT="2 busybox+psql+node"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--force] [--help] [TAG]

Builds a minimal base image for examples/webapp with no network access:
busybox-static + the host's psql and node (and their shared libraries),
imported with 'docker import'. Prints the image tag on the last line of output.
An existing TAG is kept when it has this script's layout label ($LAYOUT),
and rebuilt otherwise (e.g. an older image without node).

Arguments:
  TAG        image tag to create (default: \$BASE_IMAGE_TAG or $DEFAULT_TAG)

Options:
  --force    rebuild even if the tag already exists with the current layout
  --help     show this help

Environment:
  BASE_IMAGE_TAG  default tag (the TAG argument wins)
  BUSYBOX         static busybox binary (default: /bin/busybox)
  PSQL            real psql binary, not Debian's perl wrapper
                  (default: newest /usr/lib/postgresql/*/bin/psql)
  NODE            node binary for the web server, Node.js 20 or newer
                  (default: node on PATH)
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
node_bin="${NODE:-$(command -v node 2>/dev/null || true)}"

command -v "$docker_cmd" >/dev/null 2>&1 || die "docker client '$docker_cmd' not found"

if [[ $force -eq 0 ]] && "$docker_cmd" image inspect "$tag" >/dev/null 2>&1; then
  existing="$("$docker_cmd" image inspect -f "{{index .Config.Labels \"$LAYOUT_LABEL\"}}" "$tag" 2>/dev/null || true)"
  if [[ "$existing" == "$LAYOUT" ]]; then
    log "image $tag already exists (use --force to rebuild)"
    echo "$tag"
    exit 0
  fi
  log "image $tag has layout '${existing:-none}', not '$LAYOUT': rebuilding"
fi

[[ -x "$busybox" ]] || die "busybox not found at $busybox (Debian: apt-get install busybox-static)"
if ldd "$busybox" >/dev/null 2>&1; then
  die "$busybox is dynamically linked; a static busybox is needed (busybox-static)"
fi
[[ -n "$psql_bin" && -x "$psql_bin" ]] || die "psql not found (set PSQL=/path/to/real/psql; Debian: postgresql-client)"
head -c 4 "$psql_bin" | grep -q 'ELF' || die "$psql_bin is not an ELF binary (Debian's /usr/bin/psql is a perl wrapper; use /usr/lib/postgresql/N/bin/psql)"
[[ -n "$node_bin" && -x "$node_bin" ]] || die "node not found (set NODE=/path/to/node; Debian: nodejs)"
node_bin="$(readlink -f "$node_bin")"
head -c 4 "$node_bin" | grep -q 'ELF' || die "$node_bin is not an ELF binary (a version manager's shim? set NODE to the real binary)"
node_major="$("$node_bin" -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)"
[[ "$node_major" =~ ^[0-9]+$ && "$node_major" -ge 20 ]] || die "$node_bin is not Node.js 20 or newer (got '${node_major:-nothing}')"
for applet in sh nc sha256sum; do
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

# psql and node, and every library the dynamic linker resolves for them, plus
# the loader (a library both need is copied once)
libs=0
add_binary() { # host binary, path in the image
  local bin="$1" dest="$2" lib found=0
  cp -L "$bin" "$rootfs$dest"
  chmod 0755 "$rootfs$dest"
  while IFS= read -r lib; do
    [[ -n "$lib" ]] || continue
    [[ -e "$lib" ]] || die "ldd listed $lib for $bin but it does not exist"
    found=1
    [[ -e "$rootfs$lib" ]] && continue
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
    libs=$((libs + 1))
  done < <(ldd "$bin" | awk '
    $2 == "=>" && $3 ~ /^\// { print $3; next }
    $1 ~ /^\// { print $1 }
  ' | sort -u)
  [[ $found -eq 1 ]] || die "ldd listed no libraries for $bin"
}
add_binary "$psql_bin" /usr/bin/psql
add_binary "$node_bin" /usr/bin/node

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
for bin in psql node; do
  if ! "$rootfs/usr/bin/$bin" --version >/dev/null 2>&1; then
    log "warning: $bin --version failed on the host copy (continuing; the image check follows)"
  fi
done

log "importing rootfs ($(du -sh "$rootfs" | cut -f1), $libs libraries) as $tag"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -c . \
  | "$docker_cmd" import \
      --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
      --change 'CMD ["/bin/sh"]' \
      --change 'LABEL org.opencontainers.image.title=deploy-example-base' \
      --change "LABEL $LAYOUT_LABEL=\"$LAYOUT\"" \
      - "$tag" >/dev/null

# verify what the example app needs actually runs in the image
"$docker_cmd" run --rm --network none --user 65534 "$tag" sh -c \
  'psql --version >/dev/null && node -e "require(\"node:http\")" && command -v nc >/dev/null && echo ok | sha256sum >/dev/null' \
  || die "image $tag failed its self-check (psql/node/nc/sha256sum)"

log "built $tag"
echo "$tag"
