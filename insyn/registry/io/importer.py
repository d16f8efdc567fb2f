"""All-or-nothing import of providers, units and contracts from the template's CSV/XLSX files.

`import_file(path_or_file, user, dry_run=False) -> ImportResult` is the one entry point (the
web preview, the confirm step, the command and the benchmark call it). It runs the steps in
`insyn.registry.io.steps`: read the files (refused as a whole when too large, unreadable or
not the template), match every row against what is in memory (cells converted on the way,
every problem collected with its row and column), and only when no row has a problem write
everything in one transaction. See docs/registry-import.md.
"""

from dataclasses import dataclass, field

from .readers import FileRejected, Problem
from .steps.match import match
from .steps.read import ImportTooLarge, read_bytes, read_sheets
from .steps.write import write

__all__ = ["ImportResult", "ImportTooLarge", "import_file", "import_files", "read_bytes"]


@dataclass
class ImportResult:
    """What an import found and did. `counts[kind][created|updated|unchanged]`."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    stored: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str, what: str) -> int:
        return self.counts.get(kind, {}).get(what, 0)

    def summary(self) -> str:
        """E.g. "3 nya utförare, 5 nya verksamheter, 1 uppdaterad"."""
        parts = []
        for kind, label in (
            ("providers", "utförare"),
            ("units", "verksamheter"),
            ("contracts", "avtal"),
        ):
            created = self.count(kind, "created")
            if created:
                if created == 1:
                    adjective = "nytt" if kind == "contracts" else "ny"
                    label = "verksamhet" if kind == "units" else label
                else:
                    adjective = "nya"
                parts.append(f"{created} {adjective} {label}")
        updated = sum(self.count(k, "updated") for k in ("providers", "units", "contracts"))
        if updated:
            parts.append(f"{updated} {'uppdaterad' if updated == 1 else 'uppdaterade'}")
        unchanged = sum(self.count(k, "unchanged") for k in ("providers", "units", "contracts"))
        if unchanged:
            parts.append(f"{unchanged} oförändrade")
        return ", ".join(parts) or "inga ändringar"

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def import_file(path_or_file, user, dry_run: bool = False, name: str = "") -> ImportResult:
    """Validate and (unless dry_run, or when any row is bad) store one CSV or XLSX file.

    `name` is what the row report calls a CSV file (default: the file's own name)."""
    return import_files([(path_or_file, name)], user, dry_run=dry_run)


def import_files(files, user, dry_run: bool = False) -> ImportResult:
    """Several files in one go (the two CSV files of an export), still all-or-nothing.

    Each item is a path or file object, or a (path or file object, display name) pair."""
    try:
        sheets = read_sheets(files)
    except FileRejected as rejected:
        return ImportResult(problems=rejected.problems, dry_run=dry_run)
    plan, problems = match(sheets)
    result = ImportResult(problems=problems, counts=plan.counts(), dry_run=dry_run)
    if problems or dry_run:
        return result
    write(plan, user)
    result.stored = True
    return result
