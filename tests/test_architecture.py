"""The layering of Insyn's apps, checked from the source with `ast` (no Django needed).

`ALLOWED` is the one table of which app may import which; docs/architecture.md shows it
(a test keeps the two equal). Every `import insyn.…` counts, at module level and inside
functions (function-level imports are how cycles hide). Tests, factories and migrations
are not checked: a test may set up data from any app.
"""

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "insyn"

# Which apps each app may import, lowest layer first. An app may always import itself,
# and any app's `constants` module (TextChoices that import nothing from insyn).
ALLOWED: dict[str, tuple[str, ...]] = {
    "core": (),
    "accounts": ("core",),
    "registry": ("core", "accounts"),
    "questionnaires": ("core", "accounts", "registry"),
    "feedback": ("core", "accounts", "registry"),
    "ratings": ("core", "accounts", "registry"),
    "suppliers": ("core", "accounts", "registry", "ratings"),
    "followup": (
        "core",
        "accounts",
        "registry",
        "questionnaires",
        "feedback",
        "ratings",
        "suppliers",
    ),
    "placement": ("core", "accounts", "registry", "feedback", "ratings", "suppliers", "followup"),
    "reports": ("core", "accounts", "registry", "feedback", "ratings", "followup"),
    "public": ("core", "accounts", "registry", "questionnaires", "feedback", "followup"),
    "portal": ("core", "accounts", "registry"),
    # The top: reads the notification kinds every app declares in its notices.py.
    "notifications": (
        "core",
        "accounts",
        "registry",
        "questionnaires",
        "feedback",
        "ratings",
        "suppliers",
        "followup",
        "placement",
        "reports",
        "public",
        "portal",
    ),
}

# The modules of each app that other apps may import (its public face); `core` is the
# shared toolbox, all of it public. Anything else in an app is private to it.
PUBLIC_MODULES: dict[str, tuple[str, ...]] = {
    "accounts": ("models", "constants", "predicates", "demo"),
    "registry": (
        "models",
        "constants",
        "queries",
        "services",
        "forms",
        "widgets",
        "signals",
        "io.exporter",
    ),
    "questionnaires": ("models", "constants", "answers", "defaults"),
    "feedback": ("models", "constants", "queries", "signals", "notices"),
    "ratings": ("models", "constants", "queries", "conf", "validators", "notices"),
    "suppliers": ("models", "constants", "queries", "services", "notices"),
    "followup": ("models", "constants", "queries", "services", "classification", "notices"),
    "placement": ("queries", "notices"),
    "reports": ("queries", "annual"),
    "public": (),
    "portal": (),
    "notifications": (),
}

# Imports against the layering that are known and accepted, with the reason. The test
# also fails when one of them is gone, so this list only shrinks.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("insyn.core.views", "insyn.registry.queries"): (
        "the start page counts the register's rows; it is the project's front door"
    ),
    ("insyn.core.views", "insyn.accounts.predicates"): (
        "the start page sends provider users to the portal and staff to their dashboard"
    ),
    ("insyn.core.management.commands.seed_demo", "insyn.registry.models"): (
        "the demo command builds every app's data; it asks whether providers exist"
    ),
    ("insyn.core.management.commands.seed_demo", "insyn.accounts.demo"): (
        "the demo command prints the demo logins after every app's data is built"
    ),
    ("insyn.ratings.views", "insyn.placement.queries"): (
        "a placement is registered from a recommendation, looked up within the user's scope"
    ),
}

# The only modules that may import a module by a computed name: collectors that walk
# INSTALLED_APPS for a module every app may provide, as Django's admin autodiscover does.
DYNAMIC_IMPORT_ALLOWED = {
    "insyn.api_urls": "mounts each app's api.py router",
    "insyn.core.demo": "runs each app's demo.py seed",
    "insyn.core.panels": "collects each app's panels.py (being made declarative)",
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. insyn.followup.risk
    target: str  # the imported module, e.g. insyn.feedback.queries
    line: int
    top_level: bool  # at module level (runs on import) rather than inside a function


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _checked_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts or "tests" in parts or path.name == "conftest.py":
            continue
        yield path


def _app(module: str) -> str:
    """The app a module belongs to; modules directly in insyn/ are the project itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or _is_package(module) else "(project)"


def _is_package(module: str) -> bool:
    return (ROOT.joinpath(*module.split(".")) / "__init__.py").exists()


def _top_level_nodes(tree):
    """Statements that run when the module is imported (not inside a def)."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If | ast.Try | ast.With | ast.ClassDef):
            for field in ("body", "orelse", "finalbody", "handlers"):
                stack.extend(getattr(node, field, []) or [])


def _imports_of(path: Path) -> list[Import]:
    source = _module_name(path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    tree = ast.parse(path.read_text(), filename=str(path))
    top = {id(n) for n in _top_level_nodes(tree)}
    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from insyn.registry import queries` imports the module insyn.registry.queries.
            targets = [
                f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base
                for alias in node.names
            ]
        for target in targets:
            if target == "insyn" or target.startswith("insyn."):
                found.append(Import(source, target, node.lineno, id(node) in top))
    return found


def all_imports() -> list[Import]:
    return [imp for path in _checked_files() for imp in _imports_of(path)]


def _is_constants(module: str) -> bool:
    return module.split(".")[-1] == "constants"


def layering_violations(imports) -> list[str]:
    problems = []
    for imp in imports:
        source_app, target_app = _app(imp.source), _app(imp.target)
        if source_app in ("(project)", target_app) or target_app == "(project)":
            continue
        if (imp.source, imp.target) in EXCEPTIONS:
            continue
        where = f"{imp.source}:{imp.line} imports {imp.target}"
        if target_app not in ALLOWED[source_app] and not _is_constants(imp.target):
            problems.append(f"{where}: {source_app} may not import {target_app}")
            continue
        if target_app == "core":
            continue
        inside = imp.target.removeprefix(f"insyn.{target_app}").lstrip(".")
        if inside not in PUBLIC_MODULES[target_app]:
            problems.append(f"{where}: not in {target_app}'s public modules")
    return problems


def import_cycles(imports, top_level_only: bool) -> list[list[str]]:
    """Cycles of modules importing each other (strongly connected components, Tarjan)."""
    graph = defaultdict(set)
    for imp in imports:
        if imp.top_level or not top_level_only:
            # An import of a package also runs its __init__, which is part of the cycle.
            graph[imp.source].add(imp.target)
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return cycles


# --- The tests -------------------------------------------------------------------------------


def test_every_app_is_in_the_layering_table():
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")}
    assert apps == set(ALLOWED) == set(PUBLIC_MODULES) | {"core"}


def test_the_layering_table_is_one_directional():
    order = list(ALLOWED)
    for app, allowed in ALLOWED.items():
        for lower in allowed:
            assert order.index(lower) < order.index(app), f"{app} → {lower} points upwards"


def test_apps_import_only_the_apps_and_public_modules_the_table_allows():
    assert layering_violations(all_imports()) == []


def test_the_checker_catches_a_forbidden_import_inside_a_function():
    hidden = Import("insyn.feedback.services", "insyn.followup.services", 1, top_level=False)
    private = Import("insyn.placement.queries", "insyn.followup.planning", 1, top_level=True)
    assert len(layering_violations([hidden, private])) == 2


def test_every_accepted_exception_is_still_needed():
    found = {(imp.source, imp.target) for imp in all_imports()}
    assert set(EXCEPTIONS) <= found


def test_constants_modules_import_nothing_from_insyn():
    """Why any app may import any app's constants: they cannot close a cycle."""
    leaves = [imp for imp in all_imports() if _is_constants(imp.source)]
    assert leaves == []


def test_no_import_cycles_between_modules():
    # All imports, also those inside functions: a cycle hidden in a function still ties the
    # two modules together (ratings.services ↔ ratings.tasks, reports.annual → indicators →
    # queries → annual were such cycles).
    assert import_cycles(all_imports(), top_level_only=False) == []


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function():
    imports = [
        Import("insyn.ratings.services", "insyn.ratings.tasks", 1, top_level=False),
        Import("insyn.ratings.tasks", "insyn.ratings.services", 1, top_level=False),
    ]
    assert import_cycles(imports, top_level_only=False) == [
        ["insyn.ratings.services", "insyn.ratings.tasks"]
    ]


def _dynamic_lookups(path: Path, shown_from: Path = ROOT) -> list[str]:
    """import_module / __import__ / import_string / apps.get_model calls, and getattr on an
    imported insyn module: ways of reaching another app's code by a name built at run time."""
    tree = ast.parse(path.read_text())
    module_names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            module_names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("insyn"):
            module_names |= {
                a.asname or a.name for a in node.names if _is_module(f"{node.module}.{a.name}")
            }
        elif isinstance(node, ast.ImportFrom) and node.level:
            module_names |= {a.asname or a.name for a in node.names}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in {"import_module", "__import__", "import_string", "get_model"}:
            found.append(f"{path.relative_to(shown_from)}:{node.lineno} {name}()")
        elif (
            name == "getattr"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in module_names
        ):
            found.append(
                f"{path.relative_to(shown_from)}:{node.lineno} getattr({node.args[0].id}, …)"
            )
    return found


def test_no_app_looks_another_apps_code_up_by_name():
    found = [
        hit
        for path in _checked_files()
        if _module_name(path) not in DYNAMIC_IMPORT_ALLOWED
        for hit in _dynamic_lookups(path)
    ]
    assert found == []


def test_the_lookup_finder_finds_the_old_seams(tmp_path):
    seam = tmp_path / "seam.py"
    seam.write_text(
        "import importlib\n"
        "from insyn.feedback import queries\n"
        "def _seam(name):\n"
        "    return getattr(importlib.import_module(name), 'risk_counts', None)\n"
        "def _other():\n"
        "    return getattr(queries, 'risk_counts')\n"
    )
    assert sorted(_dynamic_lookups(seam, shown_from=tmp_path)) == [
        "seam.py:4 import_module()",
        "seam.py:6 getattr(queries, …)",
    ]


def render_table() -> str:
    """The ALLOWED table as the Markdown rows shown in docs/architecture.md."""
    rows = ["| app | may import | public modules for other apps |", "|---|---|---|"]
    for app, allowed in ALLOWED.items():
        public = "all" if app == "core" else ", ".join(PUBLIC_MODULES[app]) or "none"
        rows.append(f"| `{app}` | {', '.join(allowed) or 'nothing'} | {public} |")
    return "\n".join(rows)


def test_docs_show_the_same_table():
    docs = (ROOT / "docs" / "architecture.md").read_text()
    assert render_table() in docs, "update docs/architecture.md with:\n" + render_table()
    for (source, target), _reason in EXCEPTIONS.items():
        assert re.search(rf"`{re.escape(source)}`.*`{re.escape(target)}`", docs), source
