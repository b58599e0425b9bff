#!/bin/sh
# Builds the Debian package: build-deb.sh BINARY OUTPUT_DIR [VERSION]
# BINARY is the built `intellidine`; its resources bundle must sit beside it (as `swift build` leaves it).
set -eu
binary=$1
out=$2
version=${3:-0.1.0}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

install -d "$root/DEBIAN" "$root/usr/lib/intellidine" "$root/usr/bin" "$root/lib/systemd/system" \
    "$root/etc/intellidine" "$root/etc/avahi/services" "$root/usr/lib/tmpfiles.d" "$root/usr/share/doc/intellidine"
# The binary lives beside its web resources; /usr/bin has a link (the bundle is found next to the real file).
install -m 0755 "$binary" "$root/usr/lib/intellidine/intellidine"
cp -R "$(dirname "$binary")/intellidine_IntelliDineServer.resources" "$root/usr/lib/intellidine/"
ln -s ../lib/intellidine/intellidine "$root/usr/bin/intellidine"
install -m 0644 "$repo"/systemd/intellidine.service "$repo"/systemd/intellidine.socket "$repo"/systemd/intellidine-https.socket "$repo"/systemd/intellidine-backup.service \
    "$repo"/systemd/intellidine-backup.timer \
    "$root/lib/systemd/system/"
install -m 0644 "$here/intellidine.conf" "$root/etc/intellidine/intellidine.conf"
install -m 0644 "$here/avahi-intellidine.service" "$root/etc/avahi/services/intellidine.service"
install -m 0644 "$here/tmpfiles-intellidine.conf" "$root/usr/lib/tmpfiles.d/intellidine.conf"
# HTTPS: the static user whose group may read the key, and the hook certbot or lego run on renewal.
install -D -m 0644 "$here/sysusers-intellidine.conf" "$root/usr/lib/sysusers.d/intellidine.conf"
install -m 0755 "$here/tls/intellidine-cert-deploy-hook" "$root/usr/lib/intellidine/intellidine-cert-deploy-hook"
install -d "$root/usr/share/doc/intellidine/examples"
install -m 0644 "$here"/tls/*.example "$here"/tls/intellidine-lego-renew.* "$root/usr/share/doc/intellidine/examples/"
# The documentation, as in the source tree, so the README's links into docs/ resolve on the box.
cp -R "$repo/docs" "$root/usr/share/doc/intellidine/docs"
find "$root/usr/share/doc/intellidine/docs" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
rm -rf "$root/usr/share/doc/intellidine/docs/screenshots"
install -m 0644 "$repo/README.md" "$root/usr/share/doc/intellidine/README.md"
install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$root/DEBIAN/"
echo "/etc/intellidine/intellidine.conf" > "$root/DEBIAN/conffiles"
echo "/etc/avahi/services/intellidine.service" >> "$root/DEBIAN/conffiles"
size=$(du -sk "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: intellidine
Version: $version
Architecture: $arch
Maintainer: IntelliDine <engineering@intellidine.app>
Section: net
Priority: optional
Installed-Size: $size
Depends: libc6, libsqlite3-0, libqrencode4, libsystemd0, libvips42, systemd
Recommends: avahi-daemon, openssl
Description: table-side ordering for a restaurant, from one box on its own network
 Guests order from their phones at the table, the kitchen sees every order live, waiters serve and
 take payment, managers run menu, stock and staff. Keeps working when the internet is down.
CONTROL
mkdir -p "$out"
# DEB_COMPRESSION=none keeps the tests quick with a large debug binary; releases use xz.
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$root" "$out/intellidine_${version}_${arch}.deb" >/dev/null
echo "$out/intellidine_${version}_${arch}.deb"
