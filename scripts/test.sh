#!/usr/bin/env bash
# The whole suite: lint, migration check, deploy check, then pytest on SQLite and,
# when DATABASE_URL points to PostgreSQL, once more against it.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0

echo "== ruff"
$BIN/ruff check . || status=1
$BIN/ruff format --check . || status=1

echo "== makemigrations --check"
DATABASE_URL= $BIN/python manage.py makemigrations --check --dry-run >/dev/null || {
  echo "Models and migrations differ: run manage.py makemigrations"; status=1; }

echo "== pytest (SQLite)"
DATABASE_URL= $BIN/python -m pytest -n 2 --dist loadgroup -q -p no:cacheprovider
rc=$?
[ $rc -eq 0 ] || status=1

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  echo "== pytest (PostgreSQL: ${DATABASE_URL})"
  $BIN/python -m pytest -n 2 --dist loadgroup -q -p no:cacheprovider -m "not e2e"
  rc=$?
  [ $rc -eq 0 ] || status=1
fi
exit $status
