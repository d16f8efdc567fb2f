"""The tertial table as text, CSV and JSON (command line and downloads)."""

import csv
import io
import json

from . import tertial


def _lines(table):
    for row in table.rows:
        yield [row.group, row.label, *row.counts, row.total, row.note]


def feedback_table_csv(table) -> str:
    """Semicolon-separated with a BOM, as Swedish Excel opens it."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([*tertial.HEADERS, tertial.NOTE_HEADER])
    writer.writerows(_lines(table))
    return out.getvalue()


def feedback_table_json(table) -> str:
    return json.dumps(table.as_dict(), ensure_ascii=False, indent=2)


def feedback_table_text(table) -> str:
    """A readable fixed-width table: group headings, then rows with T1, T2, VB, total."""
    label_width = max(len(row.label) for row in table.rows)
    label_width = min(label_width, 70)
    header = f"{'':<{label_width}}  {'T1':>5} {'T2':>5} {'VB':>5} {'Totalt':>7}"
    lines = [
        f"Redovisning av synpunkter och klagomål {table.year} – {table.scope_name}",
        "",
        header,
        "-" * len(header),
    ]
    for group in table.groups:
        lines.append(group.label)
        for row in group.rows:
            label = row.label
            if len(label) > label_width:
                label = label[: label_width - 1] + "…"
            t1, t2, vb = row.counts
            lines.append(f"{label:<{label_width}}  {t1:>5} {t2:>5} {vb:>5} {row.total:>7}")
    lines += ["", table.rule]
    return "\n".join(lines) + "\n"
