"""Text from people and files: control characters are refused, not stored.

A NUL from an imported file was stored on SQLite and would be refused by PostgreSQL with a
500; other control characters (form feed, escape, …) are never meant and break exports and
XML (OCDS). Tab, line feed and carriage return are ordinary text.

`find_control_character(text)` is the one check: the forms' middleware
(`RejectControlCharactersMiddleware`) and the register importer both call it.
"""

import re

# C0 controls except tab, LF and CR; DEL; and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def find_control_character(text: str) -> str | None:
    """The first control character in `text`, as U+XXXX, or None when there is none."""
    match = _CONTROL.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def control_character_message(code: str) -> str:
    return (
        f"Texten innehåller ett otillåtet styrtecken ({code}). Ta bort det och försök igen; "
        "det kommer oftast från text som kopierats från ett annat program."
    )


def reject_control_characters(text: str) -> str:
    """Return `text`, or raise ValueError with a Swedish reason (the importer's convention)."""
    code = find_control_character(text)
    if code:
        raise ValueError(control_character_message(code))
    return text
