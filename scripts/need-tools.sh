#!/bin/sh
# The system tools a make target needs: `need-tools.sh TOOL=PACKAGE …`, TOOL a command or a path.
# Missing ones are installed with apt-get when run as root on Debian or Ubuntu; otherwise the
# message says what to install and how (apt-get's own refusal says neither).
missing=""
for pair in "$@"; do
    tool=${pair%%=*}
    command -v "$tool" >/dev/null 2>&1 || missing="$missing ${pair#*=}"
done
[ -z "$missing" ] && exit 0
missing=${missing# }
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
    exit $?
fi
echo "ontbreekt: $missing (nodig voor de browsertests)." >&2
if command -v apt-get >/dev/null 2>&1; then
    echo "Installeer het als beheerder: sudo apt-get install $missing" >&2
else
    echo "Installeer met de pakketbeheerder van uw systeem: $missing" >&2
fi
exit 1
