#!/usr/bin/env bash
# Installs Debian's go1.23 (bookworm-backports) and go1.19 (bookworm) without
# editing the machine's apt sources: a private list directory and source list.
# Prints the directory holding the go1.23 binary. Idempotent.
# Also installs openssh-server for its sshd binary (fixtures/sshd.ts runs one on
# 127.0.0.1 for the live ssh tests), and keeps the machine's own ssh service off.
set -euo pipefail
want=/usr/lib/go-1.23/bin/go
old=/usr/lib/go-1.19/bin/go
sshd=/usr/sbin/sshd
if [[ -x $want && -x $old && -x $sshd ]]; then dirname "$want"; exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "provision-go: go1.23 is not installed and installing it needs root (apt-get install golang-1.23-go from bookworm-backports)" >&2
  exit 1
fi
uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
uri=${uri:-http://deb.debian.org/debian}
d=$(mktemp -d); mkdir -p "$d/lists/partial"
printf 'deb %s bookworm main\ndeb %s bookworm-backports main\n' "$uri" "$uri" > "$d/src.list"
o=(-oDir::State::Lists="$d/lists" -oDir::Etc::SourceList="$d/src.list" -oDir::Etc::SourceParts=/dev/null)
export DEBIAN_FRONTEND=noninteractive
apt-get "${o[@]}" update -qq >&2
apt-get "${o[@]}" install -y -qq --no-install-recommends -t bookworm-backports golang-1.23-go >&2
apt-get "${o[@]}" install -y -qq --no-install-recommends golang-1.19-go >&2 || echo "provision-go: go1.19 not installed (optional)" >&2
if [[ ! -x $sshd ]]; then
  apt-get "${o[@]}" install -y -qq --no-install-recommends openssh-server >&2
  # The tests start their own sshd on loopback; a machine with systemd would start one on port 22 too.
  # (only the service this script just installed: a machine's existing sshd is never touched).
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then systemctl disable --now ssh.service ssh.socket >&2 2>/dev/null || true
  elif [[ -x /etc/init.d/ssh ]]; then /etc/init.d/ssh stop >/dev/null 2>&1 || true; update-rc.d ssh disable >/dev/null 2>&1 || true; fi
fi
rm -rf "$d"
dirname "$want"
