"""The house's rules that the import linter does not check (docs/architecture.md): each package
says what lives in it, no module is a heap, and no private name crosses a module's border.

The import rules themselves (no cycles, layers, no Streamlit/folium/matplotlib in the engine) are
import-linter contracts in pyproject.toml, checked by ``make lint``; a test runs them too.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "ranges"
MAX_MODULE_LINES = 700
MAX_MODULES_PER_FOLDER = 15
# Where code that imports ranges lives (tests included: they use the public names too).
CODE = [ENGINE, ROOT / "bench", ROOT / "harness", ROOT / "deploy", ROOT / "scripts", ROOT / "tests"]


def _python_files() -> list[Path]:
    files = [ROOT / "app.py", ROOT / "serve.py"]
    for folder in CODE:
        if folder.is_dir():
            files += sorted(folder.rglob("*.py"))
    return files


def _packages() -> list[Path]:
    return sorted(p.parent for p in ENGINE.rglob("__init__.py"))


@pytest.mark.parametrize("package", _packages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_package_says_what_lives_in_it_and_what_it_may_import(package):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
    assert len(doc) >= 120, f"{package.relative_to(ROOT)}: a paragraph on what lives here"
    if package != ENGINE:
        assert "import" in doc, f"{package.relative_to(ROOT)}: say what it may import"


def test_no_module_is_a_heap():
    long = {
        str(f.relative_to(ROOT)): n
        for f in ENGINE.rglob("*.py")
        if (n := len(f.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"modules over {MAX_MODULE_LINES} lines"


def test_no_folder_holds_more_than_fifteen_modules():
    crowded = {
        str(folder.relative_to(ROOT)): n
        for folder in [ENGINE, *_packages()]
        if (n := len([f for f in folder.glob("*.py") if f.name != "__init__.py"]))
        > MAX_MODULES_PER_FOLDER
    }
    assert crowded == {}


def _private_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ranges"):
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{a.name}"
                for a in node.names
                if a.name.startswith("_") and not a.name.startswith("__")
            ]
    return found


def test_no_private_name_is_imported_across_modules():
    found = [hit for f in _python_files() for hit in _private_imports(f)]
    assert found == []


def test_the_import_contracts_hold():
    """The same check as ``make lint``: cycles (imports inside functions count), layers, and
    the libraries the engine must not import."""
    lint_imports = shutil.which("lint-imports", path=str(Path(__import__("sys").executable).parent))
    assert lint_imports, "lint-imports (import-linter, requirements-dev.txt) is not installed"
    done = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:]
