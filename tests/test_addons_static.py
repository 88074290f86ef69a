"""Tier-1 static checks of the Odoo addons in this repository (no Odoo needed).

Every check is parametrised over the addon folders at the repository root that hold a
``__manifest__.py``, so addons that are added later are covered automatically. Only the
standard library is used: manifests through ``ast.literal_eval``, Python through ``ast``,
XML through ``xml.etree.ElementTree``, access rules through ``csv``.
"""

from __future__ import annotations

import ast
import csv
import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXCLUDED_DIRS = {".git", ".local", "__pycache__", ".venv", "venv", "node_modules"}

ADDONS = sorted(
    p.name for p in REPO_ROOT.iterdir() if p.is_dir() and (p / "__manifest__.py").is_file()
)

VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")

# Minimum dependencies each addon must declare (only checked for addons that exist).
REQUIRED_DEPENDS = {
    "pickup_code": {"sale_stock", "sms", "portal", "phone_validation"},
    "stock_pickup_bridge": {"pickup_code", "stock", "barcodes"},
    "dropship_connectors": {"pickup_code", "stock_dropshipping", "purchase_stock"},
    "pickup_passkey": {"stock_pickup_bridge", "auth_passkey"},
    "pickup_counter_ocr": {"stock_pickup_bridge"},
    "pickup_perishable": {"stock_pickup_bridge"},
    "pickup_kpi": {"stock_pickup_bridge"},
    "pickup_kpi_perishable": {"pickup_kpi", "pickup_perishable"},
    "pickup_pay_at_point": {"stock_pickup_bridge", "account"},
    "pickup_slot": {"stock_pickup_bridge", "bus"},
    "pickup_website_sale_collect": {"stock_pickup_bridge", "website_sale_collect"},
}
REQUIRED_PYTHON_DEPS = {
    "pickup_code": {"qrcode", "pyotp", "phonenumbers"},
    "pickup_counter_ocr": {"pytesseract"},
}

# Fields every view may use without the model declaring them (ORM magic + mail/portal mixins).
FRAMEWORK_FIELDS = frozenset({
    "id", "display_name", "create_date", "create_uid", "write_date", "write_uid",
    "message_ids", "message_follower_ids", "activity_ids", "activity_state",
    "website_message_ids", "access_url", "access_token", "access_warning",
    "message_attachment_count", "activity_user_id", "activity_type_id",
    "activity_date_deadline", "activity_summary", "has_message", "rating_ids",
})
# Parent models from outside the repo whose fields are all in FRAMEWORK_FIELDS (or are
# not expected in views). A new model inheriting any *other* outside model may legitimately
# show fields we cannot see statically, so its views are not field-checked.
KNOWN_EXTERNAL_MIXINS = frozenset({
    "mail.thread", "mail.activity.mixin", "portal.mixin", "mail.tracking.duration.mixin",
})

ACCESS_CSV_HEADER = [
    "id", "name", "model_id:id", "group_id:id",
    "perm_read", "perm_write", "perm_create", "perm_unlink",
]
XML_DIRS = ("data", "views", "security", "demo", "wizards", "wizard", "report", "reports")


# --------------------------------------------------------------------------- helpers


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT))


def _iter_files(root: Path, suffix: str):
    for path in sorted(root.rglob(f"*{suffix}")):
        rel_parts = path.relative_to(REPO_ROOT).parts
        if any(part in EXCLUDED_DIRS for part in rel_parts):
            continue
        if path.is_file():
            yield path


@functools.cache
def load_manifest(addon: str) -> dict:
    path = REPO_ROOT / addon / "__manifest__.py"
    try:
        manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
    except (ValueError, SyntaxError) as exc:
        pytest.fail(f"{_rel(path)}: not a Python literal ({exc})")
    assert isinstance(manifest, dict), f"{_rel(path)}: manifest must be a dict literal"
    return manifest


def repo_depends(addon: str) -> set[str]:
    """Transitive dependencies of ``addon`` among the addons of this repository."""
    seen: set[str] = set()
    todo = [addon]
    while todo:
        current = todo.pop()
        try:
            depends = load_manifest(current).get("depends", [])
        except (AssertionError, pytest.fail.Exception):  # reported by test_manifest_keys
            depends = []
        for dep in depends:
            if dep in ADDONS and dep not in seen:
                seen.add(dep)
                todo.append(dep)
    seen.discard(addon)
    return seen


def _requirement_names() -> set[str]:
    names = set()
    path = REPO_ROOT / "requirements.txt"
    if not path.is_file():
        return names
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name = re.split(r"[\s<>=!~;\[@]", line, maxsplit=1)[0]
        names.add(_norm_dist(name))
    return names


def _norm_dist(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# ---- models, collected with ast


@dataclass
class ModelClass:
    addon: str
    path: Path
    lineno: int
    class_name: str
    model: str
    is_new: bool  # declares ``_name`` that it does not also inherit
    abstract: bool
    parents: list[str]
    inherits: list[str]
    fields: set[str] = field(default_factory=set)


def _const_str(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _str_list(node) -> list[str]:
    value = _const_str(node)
    if value is not None:
        return [value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [s for s in (_const_str(elt) for elt in node.elts) if s is not None]
    return []


def _is_fields_call(node) -> bool:
    """``fields.Something(...)`` (also ``odoo.fields.Something(...)``)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if not isinstance(func, ast.Attribute):
        return False
    owner = func.value
    if isinstance(owner, ast.Name):
        return owner.id == "fields"
    return isinstance(owner, ast.Attribute) and owner.attr == "fields"


def _base_name(node) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _parse_python(path: Path):
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError:
        return None  # reported by test_python_files_compile


@functools.cache
def addon_model_classes(addon: str) -> tuple[ModelClass, ...]:
    result = []
    addon_dir = REPO_ROOT / addon
    for path in _iter_files(addon_dir, ".py"):
        rel_parts = path.relative_to(addon_dir).parts
        if rel_parts[0] in ("tests", "core") or path.name == "__manifest__.py":
            continue
        tree = _parse_python(path)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            attrs = {}
            fields_ = set()
            for stmt in node.body:
                if isinstance(stmt, ast.Assign):
                    targets = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
                    value = stmt.value
                elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    targets, value = [stmt.target.id], stmt.value
                else:
                    continue
                for target in targets:
                    if target.startswith("_"):
                        attrs[target] = value
                    elif value is not None and _is_fields_call(value):
                        fields_.add(target)
            if "_name" not in attrs and "_inherit" not in attrs:
                continue
            name = _const_str(attrs["_name"]) if "_name" in attrs else None
            parents = _str_list(attrs["_inherit"]) if "_inherit" in attrs else []
            model = name or (parents[0] if len(parents) == 1 else None)
            if not model:
                continue
            inherits = []
            if isinstance(attrs.get("_inherits"), ast.Dict):
                inherits = [s for s in map(_const_str, attrs["_inherits"].keys) if s]
            abstract = any(_base_name(b) == "AbstractModel" for b in node.bases)
            result.append(ModelClass(
                addon=addon, path=path, lineno=node.lineno, class_name=node.name,
                model=model, is_new=bool(name) and name not in parents, abstract=abstract,
                parents=[p for p in parents if p != model], inherits=inherits,
                fields=fields_,
            ))
    return tuple(result)


def all_model_classes() -> list[ModelClass]:
    return [cls for addon in ADDONS for cls in addon_model_classes(addon)]


def new_models_by_addon() -> dict[str, dict[str, ModelClass]]:
    out: dict[str, dict[str, ModelClass]] = {addon: {} for addon in ADDONS}
    for cls in all_model_classes():
        if cls.is_new:
            out[cls.addon].setdefault(cls.model, cls)
    return out


def model_fields(model: str, _seen=None) -> tuple[set[str], bool]:
    """Fields of ``model`` visible in this repo: own classes, extensions and repo parents.

    Returns ``(fields, complete)``; ``complete`` is False when the model inherits or
    delegates to a model outside the repo that is not a known mixin.
    """
    seen = _seen if _seen is not None else set()
    if model in seen:
        return set(), True
    seen.add(model)
    repo_models = {cls.model for cls in all_model_classes()}
    found: set[str] = set()
    complete = True
    for cls in all_model_classes():
        if cls.model != model:
            continue
        found |= cls.fields
        for parent in cls.parents + cls.inherits:
            if parent in repo_models:
                parent_fields, parent_complete = model_fields(parent, seen)
                found |= parent_fields
                complete = complete and parent_complete
            elif parent not in KNOWN_EXTERNAL_MIXINS or parent in cls.inherits:
                complete = False
    return found, complete


# ---- XML


def _addon_xml_files(addon: str) -> list[Path]:
    return list(_iter_files(REPO_ROOT / addon, ".xml"))


def _parse_xml(path: Path):
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        pytest.fail(f"{_rel(path)}: XML does not parse: {exc}")


def _record_fields(record) -> dict:
    return {f.get("name"): f for f in record.findall("field")}


def _view_records(addon: str):
    """(path, record_id, record element) of every ``<record model="ir.ui.view">``."""
    for path in _addon_xml_files(addon):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue  # reported by test_xml_files_parse
        for record in root.iter("record"):
            if record.get("model") == "ir.ui.view":
                yield path, record.get("id", "<no id>"), record


def _direct_view_fields(element):
    """``<field>`` elements of an arch, not descending into other fields or groupbys."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
            continue  # x2many subviews describe the comodel
        if child.tag == "groupby":
            continue  # list <groupby> children describe the grouped-by comodel
        yield from _direct_view_fields(child)


def _params(values):
    return [pytest.param(v, id=v) for v in values]


# --------------------------------------------------------------------------- 0. discovery


def test_addons_discovered():
    assert "pickup_code" in ADDONS, f"no pickup_code/__manifest__.py found in {REPO_ROOT}"


# --------------------------------------------------------------------------- 1. manifest


@pytest.mark.parametrize("addon", _params(ADDONS))
def test_manifest_keys(addon):
    manifest = load_manifest(addon)
    where = f"{addon}/__manifest__.py"
    assert isinstance(manifest.get("name"), str) and manifest["name"].strip(), \
        f"{where}: 'name' must be a non-empty string"
    assert isinstance(manifest.get("version"), str) and VERSION_RE.match(manifest["version"]), \
        f"{where}: version {manifest.get('version')!r} does not match {VERSION_RE.pattern}"
    assert manifest.get("license") == "LGPL-3", \
        f"{where}: license must be 'LGPL-3', got {manifest.get('license')!r}"
    # Keys left at Odoo's default are left out, as pylint-odoo asks (manifest-superfluous-key).
    for key in ("depends", "data", "demo"):
        value = manifest.get(key, [])
        assert isinstance(value, list) and all(isinstance(v, str) for v in value), \
            f"{where}: {key!r} must be a list of strings, got {value!r}"
    assert manifest["depends"], f"{where}: 'depends' must name the addons it builds on"
    assert manifest.get("installable", True) is True, f"{where}: 'installable' must be True"
    data = manifest.get("data", [])
    duplicates = {f for f in data if data.count(f) > 1}
    assert not duplicates, f"{where}: files listed twice in 'data': {sorted(duplicates)}"


@pytest.mark.parametrize("addon", _params(ADDONS))
def test_manifest_files_exist(addon):
    manifest = load_manifest(addon)
    missing = [
        f"{key}: {name}"
        for key in ("data", "demo")
        for name in manifest.get(key, [])
        if not (REPO_ROOT / addon / name).is_file()
    ]
    assert not missing, f"{addon}/__manifest__.py lists files that do not exist: {missing}"


@pytest.mark.parametrize("addon", _params(ADDONS))
def test_manifest_xml_files_are_odoo_documents(addon):
    manifest = load_manifest(addon)
    bad = []
    for name in manifest.get("data", []) + manifest.get("demo", []):
        path = REPO_ROOT / addon / name
        if path.suffix == ".xml" and path.is_file():
            root = _parse_xml(path)
            if root.tag not in ("odoo", "openerp"):
                bad.append(f"{name} (root <{root.tag}>)")
    assert not bad, f"{addon}: manifest XML files whose root is not <odoo>: {bad}"


@pytest.mark.parametrize("addon", _params(ADDONS))
def test_manifest_lists_every_data_xml(addon):
    """An XML file in data/views/security/... that the manifest forgets is never loaded."""
    manifest = load_manifest(addon)
    listed = set(manifest.get("data", [])) | set(manifest.get("demo", []))
    addon_dir = REPO_ROOT / addon
    unlisted = [
        str(path.relative_to(addon_dir))
        for path in _addon_xml_files(addon)
        if path.relative_to(addon_dir).parts[0] in XML_DIRS
        and str(path.relative_to(addon_dir).as_posix()) not in listed
    ]
    assert not unlisted, f"{addon}/__manifest__.py does not load these XML files: {unlisted}"


@pytest.mark.parametrize("addon", _params([a for a in ADDONS if a in REQUIRED_DEPENDS]))
def test_manifest_depends(addon):
    depends = set(load_manifest(addon).get("depends", []))
    missing = REQUIRED_DEPENDS[addon] - depends
    assert not missing, f"{addon}/__manifest__.py: 'depends' lacks {sorted(missing)}"


@pytest.mark.parametrize("addon", _params(ADDONS))
def test_manifest_python_dependencies(addon):
    manifest = load_manifest(addon)
    ext = manifest.get("external_dependencies", {})
    assert isinstance(ext, dict), f"{addon}/__manifest__.py: external_dependencies must be a dict"
    python_deps = ext.get("python", [])
    assert isinstance(python_deps, list), \
        f"{addon}/__manifest__.py: external_dependencies['python'] must be a list"
    missing = REQUIRED_PYTHON_DEPS.get(addon, set()) - set(python_deps)
    assert not missing, \
        f"{addon}/__manifest__.py: external_dependencies['python'] lacks {sorted(missing)}"
    requirements = _requirement_names()
    not_required = [d for d in python_deps if _norm_dist(d) not in requirements]
    assert not not_required, (
        f"{addon}/__manifest__.py: external_dependencies['python'] entries {not_required} "
        f"are not in requirements.txt"
    )


# --------------------------------------------------------------------------- 2. XML


@pytest.mark.parametrize("addon", _params(ADDONS))
def test_xml_files_parse(addon):
    errors = []
    for path in _addon_xml_files(addon):
        try:
            ET.parse(path)
        except ET.ParseError as exc:
            errors.append(f"{_rel(path)}: {exc}")
    assert not errors, "XML files that do not parse:\n" + "\n".join(errors)


@pytest.mark.parametrize("addon", _params(ADDONS))
def test_view_archs_parse(addon):
    errors = []
    for path, rid, record in _view_records(addon):
        fields_ = _record_fields(record)
        where = f"{_rel(path)} record {rid!r}"
        if "model" not in fields_ and "inherit_id" not in fields_:
            errors.append(f"{where}: neither 'model' nor 'inherit_id' set")
        arch = fields_.get("arch")
        if arch is None:
            errors.append(f"{where}: no <field name='arch'>")
            continue
        children = [c for c in arch if isinstance(c.tag, str)]
        if "inherit_id" in fields_ and children and all(
                c.tag in ("xpath", "field") for c in children):
            # Odoo wraps several patch elements of an inheriting view in <data>.
            children = children[:1]
        if len(children) != 1:
            errors.append(f"{where}: arch must have exactly one root element, has {len(children)}")
            continue
        # Round-trip the arch alone, the way Odoo stores and re-parses it.
        try:
            ET.fromstring(ET.tostring(children[0], encoding="unicode"))
        except ET.ParseError as exc:  # pragma: no cover - defensive
            errors.append(f"{where}: arch does not parse on its own: {exc}")
    assert not errors, "Broken ir.ui.view records:\n" + "\n".join(errors)


# --------------------------------------------------------------------------- 3. models / ACL


@pytest.mark.parametrize("addon", _params(ADDONS))
def test_new_models_have_access_rules(addon):
    new_models = {
        model: cls for model, cls in new_models_by_addon()[addon].items() if not cls.abstract
    }
    csv_path = REPO_ROOT / addon / "security" / "ir.model.access.csv"
    if not new_models:
        return
    assert csv_path.is_file(), \
        f"{addon} defines models {sorted(new_models)} but has no security/ir.model.access.csv"
    assert "security/ir.model.access.csv" in load_manifest(addon).get("data", []), \
        f"{addon}/__manifest__.py does not load security/ir.model.access.csv"
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    referenced = set()
    for row in rows:
        if len(row) > 2:
            module, _, xmlid = row[2].rpartition(".")
            if module in ("", addon):
                referenced.add(xmlid)
    missing = [
        f"{model} ({_rel(cls.path)}:{cls.lineno})"
        for model, cls in sorted(new_models.items())
        if "model_" + model.replace(".", "_") not in referenced
    ]
    assert not missing, f"{_rel(csv_path)} has no access line for: {missing}"


# Glue addons without models of their own have no access file and no core: not a skip.
@pytest.mark.parametrize("addon", _params(
    [a for a in ADDONS if (REPO_ROOT / a / "security" / "ir.model.access.csv").is_file()]))
def test_access_csv_rows(addon):
    csv_path = REPO_ROOT / addon / "security" / "ir.model.access.csv"
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows and rows[0] == ACCESS_CSV_HEADER, \
        f"{_rel(csv_path)}: header must be {','.join(ACCESS_CSV_HEADER)}, got {rows[:1]}"

    # model_<xmlid> -> (defining addon, model name) for models newly defined in the repo
    defined = {
        "model_" + model.replace(".", "_"): (owner, model)
        for owner, models in new_models_by_addon().items()
        for model in models
    }
    allowed_addons = {addon} | repo_depends(addon)
    errors, ids = [], set()
    for lineno, row in enumerate(rows[1:], start=2):
        where = f"{_rel(csv_path)}:{lineno}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 8:
            errors.append(f"{where}: {len(row)} columns instead of 8: {row}")
            continue
        rid, _name, model_id, _group, *perms = row
        if not rid or rid in ids:
            errors.append(f"{where}: empty or duplicate id {rid!r}")
        ids.add(rid)
        bad_perms = [p for p in perms if p not in ("0", "1")]
        if bad_perms:
            errors.append(f"{where}: perm columns must be 0/1, got {perms}")
        module, _, xmlid = model_id.rpartition(".")
        if not xmlid.startswith("model_"):
            errors.append(f"{where}: model_id {model_id!r} is not a model_* xml id")
            continue
        if xmlid not in defined:
            continue  # a model of Odoo itself, not checked statically
        owner, model = defined[xmlid]
        if owner not in allowed_addons:
            errors.append(
                f"{where}: model_id {model_id!r} is model {model!r} of addon {owner!r}, "
                f"which {addon} does not depend on"
            )
        elif module and module in ADDONS and module not in allowed_addons:
            errors.append(f"{where}: model_id {model_id!r} points into addon {module!r}, "
                          f"which {addon} does not depend on")
    assert not errors, "Bad access rules:\n" + "\n".join(errors)


# --------------------------------------------------------------------------- 4. views


@pytest.mark.parametrize("addon", _params(ADDONS))
def test_view_fields_exist(addon):
    new_models = {model for models in new_models_by_addon().values() for model in models}
    errors = []
    for path, rid, record in _view_records(addon):
        fields_ = _record_fields(record)
        if "inherit_id" in fields_ or "model" not in fields_ or "arch" not in fields_:
            continue
        model = (fields_["model"].text or "").strip()
        if model not in new_models:
            continue
        known, complete = model_fields(model)
        if not complete:
            continue  # inherits an outside model whose fields we cannot see
        known |= FRAMEWORK_FIELDS
        if (fields_.get("type") is not None and (fields_["type"].text or "").strip() == "qweb"):
            continue
        for arch_root in (c for c in fields_["arch"] if isinstance(c.tag, str)):
            for view_field in _direct_view_fields(arch_root):
                name = view_field.get("name")
                if name not in known:
                    errors.append(f"{_rel(path)} record {rid!r} ({model}): "
                                  f"field {name!r} is not a field of {model}")
    assert not errors, "Views use unknown fields:\n" + "\n".join(errors)


# --------------------------------------------------------------------------- 5. tests/readme/i18n


def _imported_test_modules(init_path: Path) -> list[str]:
    tree = ast.parse(init_path.read_text(encoding="utf-8"), filename=str(init_path))
    modules = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:  # from .test_x import y
                modules.append(node.module.split(".")[0])
            else:  # from . import test_x, test_y
                modules.extend(alias.name for alias in node.names)
    return modules


@pytest.mark.parametrize("addon", _params(ADDONS))
def test_addon_has_odoo_tests(addon):
    tests_dir = REPO_ROOT / addon / "tests"
    init_path = tests_dir / "__init__.py"
    assert init_path.is_file(), f"{addon}: tests/__init__.py is missing (no Odoo tests)"
    modules = _imported_test_modules(init_path)
    test_modules = [m for m in modules if m.startswith("test_")]
    assert test_modules, f"{_rel(init_path)} imports no test_* module"
    missing = [m for m in modules if not (tests_dir / f"{m}.py").is_file()
               and not (tests_dir / m / "__init__.py").is_file()]
    assert not missing, f"{_rel(init_path)} imports modules that do not exist: {missing}"


@pytest.mark.parametrize("addon", _params(ADDONS))
@pytest.mark.parametrize("doc", ["readme/DESCRIPTION.md", "readme/USAGE.md", "i18n/zh_TW.po"])
def test_addon_docs_and_translations(addon, doc):
    path = REPO_ROOT / addon / doc
    kind = "translation" if doc.endswith(".po") else "readme"
    assert path.is_file(), f"{addon}: {kind} file {doc} is missing"
    assert path.read_text(encoding="utf-8").strip(), f"{addon}: {kind} file {doc} is empty"


# --------------------------------------------------------------------------- 6. Python


def test_python_files_compile():
    errors = []
    count = 0
    for path in _iter_files(REPO_ROOT, ".py"):
        count += 1
        try:
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
            errors.append(f"{_rel(path)}: {exc}")
    assert count, "no Python files found"
    assert not errors, "Python files that do not compile:\n" + "\n".join(errors)


def _odoo_imports(tree) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names
                      if a.name == "odoo" or a.name.startswith("odoo.")]
        elif (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
              and (node.module == "odoo" or node.module.startswith("odoo."))):
            found.append((node.lineno, f"from {node.module} import ..."))
    return found


@pytest.mark.parametrize("addon", _params([a for a in ADDONS if (REPO_ROOT / a / "core").is_dir()]))
def test_core_is_odoo_free(addon):
    core_dir = REPO_ROOT / addon / "core"
    errors = []
    for path in _iter_files(core_dir, ".py"):
        tree = _parse_python(path)
        if tree is None:
            continue
        errors += [f"{_rel(path)}:{line}: {text}" for line, text in _odoo_imports(tree)]
        # Relative imports that leave core/ must not pull Odoo in through the back door.
        for node in ast.walk(tree):
            if not (isinstance(node, ast.ImportFrom) and node.level >= 2):
                continue
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            targets = []
            if node.module:
                targets.append(base.joinpath(*node.module.split(".")))
            else:
                targets += [base / alias.name for alias in node.names]
            for target in targets:
                for candidate in (target.with_suffix(".py"), target / "__init__.py"):
                    if candidate.is_file() and core_dir not in candidate.parents:
                        sub = _parse_python(candidate)
                        if sub is not None and _odoo_imports(sub):
                            errors.append(f"{_rel(path)}:{node.lineno}: imports "
                                          f"{_rel(candidate)}, which imports odoo")
    assert not errors, f"{addon}/core must not import odoo:\n" + "\n".join(errors)


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_rst_renders_as_odoo_renders_it(addon):
    """Odoo renders an addon's README.rst with docutils when it loads the module; a severe
    error there (e.g. inconsistent title levels) stops the install. Warnings fail too."""
    docutils_core = pytest.importorskip("docutils.core")
    from docutils.utils import SystemMessage

    readme = REPO_ROOT / addon / "README.rst"
    if not readme.exists():
        pytest.skip("no README.rst")
    try:
        docutils_core.publish_string(source=readme.read_text(), writer_name="html",
                                     settings_overrides={
                                         "halt_level": 2, "report_level": 5,
                                         "file_insertion_enabled": False,
                                         "output_encoding": "unicode",
                                         "doctitle_xform": False})
    except SystemMessage as err:
        pytest.fail("%s/README.rst: %s" % (addon, err))
