# shellcheck shell=bash
# Shared helpers for scripts/*: where things are cached, which kernels exist.
# Sourced, never run. Kernel versions are discovered here, never hard-coded.

ZXP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ZXP_CACHE=${ZXP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zxpager}
ZXP_KERNELS="debian-6.1 debian-6.12 debug"

zxp_log() { printf '[%s] %s\n' "${ZXP_TAG:-zxpager}" "$*" >&2; }
zxp_die() { zxp_log "error: $*"; exit 2; }

# Newest installed Debian kernel of a series (e.g. 6.1) that also has its
# headers: prints the release string (uname -r style) or nothing.
zxp_debian_release() {
	local series=$1 img rel
	for img in $(ls -1 /boot/vmlinuz-"$series".* 2>/dev/null | sort -rV); do
		rel=${img#/boot/vmlinuz-}
		[ -f "/usr/src/linux-headers-$rel/Makefile" ] && { echo "$rel"; return; }
	done
}

# The linux-source tarball the debug kernel, checkpatch and the kselftest
# harness come from, and its Debian version.
zxp_source_tarball() { ls -1 /usr/src/linux-source-6.12.tar.* 2>/dev/null | sort -V | tail -n1; }
zxp_source_version() { dpkg-query -W -f '${Version}' linux-source-6.12 2>/dev/null; }

# Extracted kernel source (shared by the debug build, checkpatch and the
# selftest harness); extracted once per Debian package version.
zxp_source_dir() {
	local tb ver dir
	tb=$(zxp_source_tarball)
	[ -n "$tb" ] || zxp_die "linux-source-6.12 is not installed (run scripts/deps)"
	ver=$(zxp_source_version)
	dir=$ZXP_CACHE/src/$ver
	if [ ! -f "$dir/.extracted" ]; then
		zxp_log "extracting $(basename "$tb") ($ver) into $dir"
		rm -rf "$dir" && mkdir -p "$dir"
		tar -C "$dir" -xf "$tb" --strip-components=1 || zxp_die "cannot extract $tb"
		touch "$dir/.extracted"
	fi
	echo "$dir"
}

# Cache key of the debug kernel: source version, config fragment, recipe
# revision and compiler. Anything that changes the built image changes it.
ZXP_DEBUG_RECIPE=1
zxp_debug_key() {
	{ zxp_source_version; cat "$ZXP_ROOT/scripts/debug-kernel.config";
	  echo "recipe $ZXP_DEBUG_RECIPE"; ${CC:-gcc} --version | head -n1; } |
		sha256sum | cut -c1-16
}
zxp_debug_dir() { echo "$ZXP_CACHE/debug-$(zxp_debug_key)"; }

# kernel NAME -> "KDIR IMAGE RELEASE" or failure.
zxp_kernel_info() {
	local name=$1 rel dir
	case $name in
	debian-6.1|debian-6.12)
		rel=$(zxp_debian_release "${name#debian-}")
		[ -n "$rel" ] || return 1
		echo "/usr/src/linux-headers-$rel /boot/vmlinuz-$rel $rel" ;;
	debug)
		dir=$(zxp_debug_dir)
		[ -f "$dir/.done" ] || return 1
		echo "$dir/build $dir/build/arch/x86/boot/bzImage $(cat "$dir/build/include/config/kernel.release")" ;;
	*) return 1 ;;
	esac
}
