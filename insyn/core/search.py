"""Free-text search that ignores case and Swedish letters: "vardpartner" finds "Vårdpartner".

Both sides are folded the same way: å, ä → a, ö → o, é → e, then upper case. The database
side is `Folded`, a chain of REPLACE around UPPER that SQLite and PostgreSQL both have. On
PostgreSQL the register's trigram indexes are built on exactly this expression (registry
migration 0006, `FOLD_SQL`), so `folded_contains` stays an index scan; change the letters
here and that migration's indexes must be rebuilt with a new migration.
"""

from django.db.models import CharField, Func, Q
from django.db.models.lookups import Contains

FOLDS = (
    ("å", "a"),
    ("Å", "A"),
    ("ä", "a"),
    ("Ä", "A"),
    ("ö", "o"),
    ("Ö", "O"),
    ("é", "e"),
    ("É", "E"),
)

# SQLite's UPPER only knows ASCII, so the Swedish letters are replaced before it, not after.
FOLD_SQL = "UPPER(" + "REPLACE(" * len(FOLDS) + "%s"
FOLD_SQL += "".join(f", '{old}', '{new}')" for old, new in FOLDS) + ")"

_FOLD_TABLE = str.maketrans(dict(FOLDS))


def fold(text: str) -> str:
    """The search form of `text`, as `Folded` computes it in the database."""
    return text.translate(_FOLD_TABLE).upper()


class Folded(Func):
    """A text column in its search form. The letters are written into the SQL, not passed as
    parameters, so PostgreSQL sees the same expression as the index on it."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return FOLD_SQL % sql, params


def folded_contains(field: str, term: str) -> Q:
    """Rows whose `field` contains `term`, ignoring case and å/ä/ö/é (both sides folded)."""
    return Q(Contains(Folded(field), fold(term)))
