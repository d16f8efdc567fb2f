"""Adapters for the outside registers: one small interface per source (base.py), an HTTP
client for each (http.py) and a file import for each (files.py). docs/suppliers.md documents
the JSON and CSV formats."""
