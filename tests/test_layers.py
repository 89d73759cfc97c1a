"""The package's stages depend one way (HOUSE-STYLE, "The shape of the code"): `data` knows no
page, `site` knows no download, no stage knows the adapter, and only the adapter imports MkDocs.
Read from the source (every `import` statement, inside functions too), so a late import cannot
hide a dependency pointing back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "monitor"

# What each part may import of the package. Modules at the top (parallel, bulk) are tools every
# stage may use; `kinds` declares the record kinds for every stage and builds only on `data`.
TOOLS = {"parallel", "bulk", "kinds", "__init__"}
ALLOWED: dict[str, set[str]] = {
    "data": {"data"},
    "kinds": {"data"},
    "site": {"data", "site"},
    "publish": {"data", "site", "publish"},
    "editing": {"data", "editing"},
    "build": {"data", "site", "publish"},
    "adapter": {"data", "site", "publish", "build", "adapter"},
    "cli": {"data", "site", "publish", "build", "adapter", "editing"},
    "__main__": {"cli"},
    "parallel": set(),
    "bulk": set(),
    "__init__": set(),
}
# Only the adapter knows the generator.
MKDOCS_ALLOWED = {"adapter"}


def part_of(module: str) -> str:
    """'site.pages' -> 'site'; 'cli' -> 'cli'."""
    return module.split(".", 1)[0]


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        found.append((".".join(rel.parts), path))
    return found


def imported(module: str, path: Path) -> list[tuple[str, int]]:
    """(absolute module name, line) for every import in the file; ours without 'monitor.'."""
    package = module.split(".")[:-1]  # the folder: "site.pages" and "site.__init__" -> site
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                up = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                base = ".".join([*up, *([node.module] if node.module else [])])
                base = "monitor." + base if base else "monitor"
            if node.level and not node.module:
                out += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
            else:
                out.append((base, node.lineno))
    return out


@pytest.mark.parametrize("module,path", modules(), ids=[m for m, _ in modules()])
def test_imports_point_one_way(module: str, path: Path) -> None:
    part = part_of(module)
    assert part in ALLOWED, f"{module}: a new part of the package; give it its place in ALLOWED"
    allowed = ALLOWED[part] | TOOLS | {part}
    wrong = []
    for name, line in imported(module, path):
        if name == "mkdocs" or name.startswith("mkdocs."):
            if part not in MKDOCS_ALLOWED:
                wrong.append(f"line {line}: imports {name} (only the adapter knows MkDocs)")
            continue
        if name != "monitor" and not name.startswith("monitor."):
            continue
        target = part_of(name.removeprefix("monitor.")) if name != "monitor" else "__init__"
        if target not in allowed:
            wrong.append(f"line {line}: {part} imports {name}")
    assert not wrong, f"{path.relative_to(PACKAGE)}:\n" + "\n".join(wrong)


def test_the_rule_sees_a_wrong_import(tmp_path: Path) -> None:
    """The parser resolves relative imports: a `data` module importing `..site.pages` is seen."""
    bad = tmp_path / "model.py"
    bad.write_text("from ..site.pages import build_pages\nfrom . import load\n", encoding="utf-8")
    names = [name for name, _ in imported("data.model", bad)]
    assert names == ["monitor.site.pages", "monitor.data.load"]
