"""The import's four steps, each with its own module and tests.

read     the files' bytes (size-limited) -> header-checked sheets of raw cells
convert  one raw cell -> the model field's value, one converter per column type
match    rows -> planned records: which existing provider, unit or contract each row is,
         what changes, and every problem with its row and column (nothing written)
write    a plan without problems -> bulk writes and auditlog entries in one transaction

`insyn.registry.io.importer` runs them in that order; see docs/registry-import.md.
"""
