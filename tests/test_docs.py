"""The documentation's checkable claims against the code: README.md, SECURITY.md and docs/*.md.

Each test reads what a document says (a path, a module, a constant, an option, a table) and asks
the code, so that a rename or a new option fails here until the document follows. The URL
parameter table is checked by tests/test_params.py and the performance table's measures by
tests/test_bench_readme.py; docs/INTERFACES.md is the contracts' copy, kept as given.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted(
    [README, ROOT / "SECURITY.md", *(ROOT / "docs").glob("*.md")],
    key=lambda p: p.relative_to(ROOT).as_posix(),
)
DOCS = [p for p in DOCS if p.name != "INTERFACES.md"]
DOC_IDS = [p.relative_to(ROOT).as_posix() for p in DOCS]

README_MAX_LINES = 300
# Paths named in the docs that are made when the code runs, not committed, or name a kind of file.
GENERATED = {"artifacts/", "artifacts/app.png", "__init__.py"}


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def prose(text: str) -> str:
    """``text`` without its fenced code blocks (examples name files that do not exist)."""
    return re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)


def code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", prose(text))


def table_rows(text: str, heading: str) -> list[list[str]]:
    """The cells of the first Markdown table after ``heading`` (header and rule dropped)."""
    section = text.split(heading, 1)[1]
    rows, seen = [], False
    for line in section.splitlines():
        if line.startswith("|"):
            seen = True
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            rows.append(cells)
        elif seen:
            break
    return rows[2:]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {slug(h) for h in re.findall(r"^#+ (.+)$", prose(text_of(path)), flags=re.MULTILINE)}


def test_the_readme_is_short() -> None:
    lines = text_of(README).count("\n")
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; at most {README_MAX_LINES}"


@pytest.mark.parametrize("doc", DOCS, ids=DOC_IDS)
def test_every_link_leads_somewhere(doc: Path) -> None:
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", prose(text_of(doc))):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file_part, _, anchor = target.partition("#")
        dest = (doc.parent / file_part).resolve() if file_part else doc
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no heading with that anchor")
    assert not broken, f"{doc.name}: {broken}"


def named_paths(text: str) -> list[str]:
    """Code spans that are paths in the repository (``ranges/web/``, ``tests/test_x.py``)."""
    found = []
    for span in code_spans(text):
        if not re.fullmatch(r"[\w.\-/]+", span) or span.startswith(("/", ".venv")):
            continue
        if "/" in span or re.fullmatch(r"[\w\-]+\.(py|md|toml|txt|json)", span):
            found.append(span)
    return found


@pytest.mark.parametrize("doc", DOCS, ids=DOC_IDS)
def test_every_path_named_exists(doc: Path) -> None:
    missing = [
        p for p in named_paths(text_of(doc)) if p not in GENERATED and not (ROOT / p).exists()
    ]
    assert not missing, f"{doc.name} names paths that do not exist: {missing}"


def module_file(parts: list[str]) -> Path | None:
    """The source file of the module ``parts`` names (``["ranges", "text"]``), if any."""
    base = ROOT.joinpath(*parts)
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def defined_names(path: Path) -> dict[str, ast.AST | str | None]:
    """What a module defines at its top level: functions, classes, assigned and imported names,
    and the names of a lazy ``_API`` table (``ranges/__init__.py``); each with its value's
    expression where it is a plain assignment, the dotted name it was imported as."""
    names: dict[str, ast.AST | str | None] = {}
    for node in ast.parse(text_of(path)).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node.value
                    if target.id == "_API" and isinstance(node.value, ast.Dict):
                        names |= {k.value: None for k in node.value.keys if k is not None}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # an imported name stands for its definition in the module it comes from
            names |= {a.asname or a.name: f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0]: None for a in node.names}
    return names


def resolve(dotted: str) -> ast.AST | None:
    """What a dotted name ``ranges.a.b.NAME`` names, read from the sources without importing
    them (importing the app's modules costs seconds): the longest prefix that is a module, then
    a name defined there (and a name defined in that class). Returns the assigned expression of
    a constant (else the definition, or None for an imported name); raises LookupError."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        path = module_file(parts[:i])
        if path is None:
            continue
        rest = parts[i:]
        if not rest:
            return None
        node = defined_names(path).get(rest[0], LookupError)
        if node is LookupError:
            raise LookupError(f"{dotted}: {path.relative_to(ROOT)} defines no {rest[0]}")
        if isinstance(node, str):  # imported: look where it comes from
            return resolve(".".join([node, *rest[1:]])) if node.startswith("ranges.") else None
        for name in rest[1:]:
            members = {
                getattr(n, "name", None) for n in getattr(node, "body", []) if hasattr(n, "name")
            }
            if name not in members:
                raise LookupError(f"{dotted}: no {name}")
        return node
    raise LookupError(f"{dotted}: no such module")


def constant_value(dotted: str) -> float:
    """The number a constant ``ranges.a.b.NAME = 24 * 3600.0`` is set to (plain arithmetic)."""
    node = resolve(dotted)
    assert isinstance(node, ast.expr), f"{dotted} is not assigned a value"
    allowed = (ast.Expression, ast.BinOp, ast.Constant, ast.Mult, ast.Add, ast.Pow, ast.Sub)
    tree = ast.Expression(node)
    assert all(isinstance(n, allowed) for n in ast.walk(tree)), f"{dotted}: not plain arithmetic"
    return eval(compile(ast.fix_missing_locations(tree), dotted, "eval"), {"__builtins__": {}})


def named_objects(text: str) -> list[str]:
    names = []
    for span in code_spans(text):
        match = re.match(r"(ranges(?:\.\w+)+)", span)
        if match and "*" not in span:
            names.append(match.group(1))
    return names


@pytest.mark.parametrize("doc", DOCS, ids=DOC_IDS)
def test_every_module_and_name_named_exists(doc: Path) -> None:
    missing = []
    for name in named_objects(text_of(doc)):
        try:
            resolve(name)
        except LookupError as exc:
            missing.append(str(exc))
    assert not missing, f"{doc.name} names what the code does not have: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=DOC_IDS)
def test_line_counts_claimed_are_true(doc: Path) -> None:
    """A claim such as "`app.py` (about 110 lines)": exact, or within 10 % with "about"."""
    pattern = r"`([\w./\-]+\.py)`[^`\n]{0,30}?\((about |~)?([\d,]+) lines"
    wrong = []
    for path, about, count in re.findall(pattern, prose(text_of(doc))):
        actual = text_of(ROOT / path).count("\n")
        claimed = int(count.replace(",", ""))
        if (abs(actual - claimed) > 0.1 * actual) if about else actual != claimed:
            wrong.append(f"{path}: {claimed} claimed, {actual} lines")
    assert not wrong, wrong


def test_the_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    blocks = re.findall(r"^```python\n(.*?)^```", text_of(README), flags=re.MULTILINE | re.DOTALL)
    assert blocks, "README.md has no Python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme_example"})
    assert "atacms" in capsys.readouterr().out


# --- the command line ---------------------------------------------------------------------------


def synopsis(text: str) -> dict[str, str]:
    """The synopsis block's text of each command (``python -m ranges COMMAND ...``)."""
    block = re.search(r"```sh\n(python -m ranges systems .*?)```", text, flags=re.DOTALL)
    assert block, "no synopsis block"
    commands: dict[str, str] = {}
    current = ""
    for line in block.group(1).splitlines():
        match = re.match(r"python -m ranges (\w+)", line)
        if match:
            current = match.group(1)
        commands[current] = commands.get(current, "") + " " + line
    return commands


def options_of(text: str) -> dict[str, tuple[str, ...]]:
    """``--option`` -> its choices (``a|b`` in a synopsis, ``{a,b}`` in argparse's usage)."""
    found = {}
    for option, choices in re.findall(
        r"(--[a-z][a-z-]*)(?:[ =]\{?([\w|,-]+\|[\w|-]+|[\w,-]+,[\w,-]+)\}?)?", text
    ):
        if option != "--help":
            found[option] = tuple(re.split(r"[|,]", choices)) if choices else ()
    return found


def cli_usage(command: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "ranges", command, "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    ).stdout
    return out.split("\n\n", 1)[0]  # the usage lines


@pytest.mark.parametrize("doc", [README, ROOT / "docs" / "cli.md"], ids=["README", "cli.md"])
def test_the_synopsis_has_every_option_of_each_command(doc: Path) -> None:
    documented = synopsis(text_of(doc))
    assert sorted(documented) == ["reach", "rings", "systems"]
    for command, line in documented.items():
        assert options_of(line) == options_of(cli_usage(command)), command


# --- tables that mirror the code ----------------------------------------------------------------


def requirement_names() -> set[str]:
    names = set()
    for name in ("requirements.txt", "requirements-dev.txt", "requirements-bootstrap.txt"):
        for line in text_of(ROOT / name).splitlines():
            match = re.match(r"([A-Za-z0-9][\w.\-]*)", line)
            if match and not line.startswith("-r"):
                names.add(match.group(1).lower().replace("_", "-"))
    return names


def test_every_python_dependency_says_why() -> None:
    section = text_of(README).split("## Dependencies, and why", 1)[1].split("\n## ", 1)[0]
    rows = [  # every table's rows, headers and rules left out
        [c.strip() for c in line.split("|")[1:-1]]
        for line in section.splitlines()
        if line.startswith("| ") and not line.endswith("| why |")
    ]
    listed = {
        name.strip().lower().replace("_", "-")
        for row in rows
        for name in re.sub(r"\(.*?\)", "", row[0]).split(",")
    }
    missing = sorted(requirement_names() - listed)
    assert not missing, f"README.md's dependency table has no row for {missing}"


def test_every_environment_variable_is_documented() -> None:
    used = set()
    for path in [*(ROOT / "ranges").rglob("*.py"), ROOT / "app.py", ROOT / "serve.py"]:
        used |= set(re.findall(r"\bRANGEMAP_[A-Z_]+\b", text_of(path)))
    documented = " ".join(
        r[0] for r in table_rows(text_of(ROOT / "docs" / "deployment.md"), "Environment variables:")
    )
    missing = sorted(v for v in used if f"`{v}`" not in documented)
    assert not missing, f"docs/deployment.md's table lacks {missing}"


UNITS = {"KiB": 1024, "MiB": 1024**2, "MB": 1_000_000, "km": 1, "s": 1, "characters": 1}


def stated_value(cell: str) -> float:
    match = re.match(r"([\d,.]+)\s*(KiB|MiB|MB|km|s|characters)?", cell)
    assert match, cell
    return float(match.group(1).replace(",", "")) * UNITS.get(match.group(2) or "", 1)


def test_the_limits_in_security_md_are_the_constants() -> None:
    rows = table_rows(text_of(ROOT / "SECURITY.md"), "## Limits")
    assert len(rows) >= 20
    wrong = []
    for what, limit, constant in rows:
        value = constant_value(constant.strip("`"))
        if stated_value(limit) != value:
            wrong.append(f"{what}: {limit!r} stated, {constant} = {value!r}")
    assert not wrong, wrong


def test_the_library_table_is_the_public_api() -> None:
    import ranges

    rows = table_rows(text_of(ROOT / "docs" / "architecture.md"), "## The library")
    listed = sorted(n for row in rows for n in re.findall(r"`(\w+)`", row[1]))
    assert listed == sorted(ranges.__all__)


def test_the_scenario_file_keys_are_the_file_keys() -> None:
    from ranges.scenario.params import FILE_KEYS

    text = text_of(ROOT / "docs" / "app.md").split("## Scenario files", 1)[1]
    paragraph = text.split("Its keys, one a line:", 1)[1].split(". *Load", 1)[0]
    assert re.findall(r"`(\w+)`", paragraph) == list(FILE_KEYS)


# --- the architecture -------------------------------------------------------------------------


def test_the_layer_table_is_the_import_contract() -> None:
    """docs/architecture.md's table of layers says what pyproject.toml's import-linter
    "layers" contract says (which lint-imports checks against the code)."""
    config = tomllib.loads(text_of(ROOT / "pyproject.toml"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    contract = []
    for layer in layers:
        independent = "|" in layer
        names = re.split(r"[|:]", layer)
        packages = sorted(n.strip().removeprefix("ranges.") for n in names)
        together = "" if len(names) == 1 else ("independent" if independent else "may import")
        contract.append((packages, together))
    rows = table_rows(text_of(ROOT / "docs" / "architecture.md"), "## What may import what")
    documented = [
        (
            sorted(re.findall(r"`(\w+)`", packages)),
            "" if not beside else ("independent" if beside == "independent" else "may import"),
        )
        for _, packages, beside in rows
    ]
    assert documented == contract


def test_the_package_tree_names_what_exists() -> None:
    text = text_of(ROOT / "docs" / "architecture.md").split("## The packages", 1)[1]
    tree = re.search(r"```\n(.*?)```", text, flags=re.DOTALL).group(1)
    missing, folder = [], ""
    for line in tree.splitlines():
        if not line.strip() or line.startswith(" " * 10):  # a continued description
            continue
        indent = len(line) - len(line.lstrip())
        names = re.match(r"\s*([\w./]+(?:, [\w./]+)*)", line).group(1).split(", ")
        if indent == 0:
            folder = names[0] if names[0].endswith("/") and len(names) == 1 else ""
            prefix = ""
        else:
            prefix = folder
        missing += [prefix + n for n in names if not (ROOT / (prefix + n)).exists()]
    assert not missing, f"docs/architecture.md's tree names what does not exist: {missing}"


# Italic words in docs/app.md that are not the app's own labels: Leaflet.draw's button, a label
# the app makes ("Drawn line 2"), a phrase.
NOT_LABELS = {"Finish", "Drawn line 1"}


def test_the_labels_app_md_names_are_on_the_page() -> None:
    """Every control, tab and caption named in italics (*Add a launch point*, *Display > Ring
    labels*) is text of the app's code, so a renamed control fails here."""
    code = "\n".join(text_of(p) for p in [*(ROOT / "ranges").rglob("*.py"), ROOT / "app.py"])
    text = re.sub(r"`[^`\n]*`", "", prose(text_of(ROOT / "docs" / "app.md")))
    missing = []
    for label in re.findall(r"(?<![*\w])\*([^*\n]+?)\*(?![*\w])", text):
        parts = [p for p in re.split(r"\s*(?:>|→)\s*", label) if p not in NOT_LABELS]
        missing += [p for p in parts if p not in code]
    assert not missing, f"docs/app.md names labels the app does not have: {missing}"


def test_the_place_counts_are_the_gazetteers() -> None:
    """docs/cli.md gives each extract's number of places; the README the default's."""
    from ranges.places.extracts import DEFAULT_EXTRACT, EXTRACTS, default_gazetteer

    text = " ".join(text_of(ROOT / "docs" / "cli.md").split())
    stated = {e: int(n.replace(",", "")) for e, n in re.findall(r"`(cities\d+)` \(([\d,]+)", text)}
    assert sorted(stated) == sorted(EXTRACTS)
    assert stated == {e: len(default_gazetteer(e)) for e in EXTRACTS}
    assert f"{stated[DEFAULT_EXTRACT]:,} places" in " ".join(text_of(README).split())


def test_what_the_docs_say_make_lint_runs_it_runs() -> None:
    makefile = text_of(ROOT / "Makefile")
    recipe = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    docs = " ".join(" ".join(text_of(p) for p in DOCS).split())
    if "`lint-imports` in `make lint`" in docs or "`make lint` (ruff and the import rules)" in docs:
        assert "lint-imports" in recipe, "the docs say make lint checks the import rules"
    assert "ruff check" in recipe and "ruff format --check" in recipe
