#!/usr/bin/env bash
# make i18n: export each addon's .pot from a fresh database and merge it into i18n/zh_TW.po
# (new terms arrive untranslated, removed ones are dropped; translate them, then commit).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
find_odoo || die "No Odoo 18.0 found: put 'odoo' on PATH or pass ODOO=/path/to/odoo-bin."
ensure_python_deps
ensure_pg
command -v msgmerge >/dev/null || die "msgmerge is missing: apt-get install gettext"
DB="pickup_i18n_$$"
# shellcheck disable=SC2046
$ODOO_BIN $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" -i "$ADDONS" \
    --without-demo=all --stop-after-init --http-port="$(free_port)" --log-level=warn
for addon in ${ADDONS//,/ }; do
    mkdir -p "$ROOT/$addon/i18n"
    pot="$ROOT/$addon/i18n/$addon.pot"
    # shellcheck disable=SC2046
    $ODOO_BIN $(odoo_db_args) -d "$DB" --addons-path="$(odoo_addons_path)" \
        --i18n-export="$pot" --modules="$addon" --stop-after-init --log-level=warn
    po="$ROOT/$addon/i18n/zh_TW.po"
    if [ -f "$po" ]; then
        msgmerge --quiet --no-fuzzy-matching --update --backup=none "$po" "$pot"
    else
        sed -e 's/^"Language: \\n"/"Language: zh_TW\\n"/' \
            -e 's/^"Plural-Forms: \\n"/"Plural-Forms: nplurals=1; plural=0;\\n"/' "$pot" > "$po"
    fi
    untranslated="$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)"
    say "$addon: $(( untranslated > 0 ? untranslated - 1 : 0 )) terms without zh_TW"
done
dropdb --if-exists "$DB" >/dev/null 2>&1 || true
