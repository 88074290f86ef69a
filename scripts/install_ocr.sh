#!/usr/bin/env bash
# make ocr: the Tesseract binary that pickup_counter_ocr drives to read ID cards at the counter.
# Installs Debian's tesseract-ocr with the Traditional Chinese and English data (and a CJK
# font the tests draw their sample card with) when run as root, then pytesseract into
# Odoo's interpreter (requirements.txt has it too). Without Tesseract the ID step stays manual.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

APT_PACKAGES=(tesseract-ocr tesseract-ocr-chi-tra tesseract-ocr-eng fonts-wqy-zenhei)

missing=()
for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing Debian's ${missing[*]} ..."
        mkdir -p "$LOCAL"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends "${missing[@]}") >"$LOCAL/apt-ocr.log" 2>&1 \
            || die "Could not install ${missing[*]} (see $LOCAL/apt-ocr.log)."
    else
        say "Missing ${missing[*]}: install them as root (apt-get install ${missing[*]})."
    fi
fi
if command -v tesseract >/dev/null 2>&1; then
    say "Tesseract: $(tesseract --version 2>&1 | head -1); languages: $(tesseract --list-langs 2>/dev/null | tail -n +2 | tr '\n' ' ')"
fi

find_odoo >/dev/null || die "No Odoo 18.0 found: put the 'odoo' command on PATH or pass ODOO=/path/to/odoo-bin."
if ! "$ODOO_PY" -c 'import pytesseract' >/dev/null 2>&1; then
    say "Installing pytesseract into $ODOO_PY ..."
    "$ODOO_PY" -m pip install -q pytesseract \
        || die "Could not install pytesseract into $ODOO_PY; install it by hand: $ODOO_PY -m pip install pytesseract"
fi
say "OCR ready: pytesseract $("$ODOO_PY" -c 'import pytesseract; print(pytesseract.__version__)' 2>/dev/null)."
