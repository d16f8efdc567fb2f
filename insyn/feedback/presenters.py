"""What a user gets to see of an item: masked text unless explicitly revealed, days open,
past target. Every page, export and API response builds its rows here, so masking can't be
forgotten in one of them."""

import datetime as dt
from dataclasses import dataclass

from insyn.core.identity import mask_identity_numbers

from . import handling
from .models import FeedbackItem

REMOVED_TEXT = "[Fritexten är gallrad]"


def masked_text(value: str, item: FeedbackItem, *, main: bool = False) -> str:
    """`value` with identity numbers masked; after retention, a notice for the main text."""
    if item.text_removed_at:
        return REMOVED_TEXT if main else ""
    return mask_identity_numbers(value) if value else ""


@dataclass
class Row:
    item: FeedbackItem
    text: str
    provider_action: str
    feedback_note: str
    action_taken_note: str
    days_open: int
    past_target: bool


def row(item: FeedbackItem, today: dt.date, *, unmasked: bool = False) -> Row:
    reveal = unmasked and not item.text_removed_at

    def show(value: str, main: bool = False) -> str:
        return value if reveal else masked_text(value, item, main=main)

    return Row(
        item=item,
        text=show(item.text, main=True),
        provider_action=show(item.provider_action),
        feedback_note=show(item.feedback_note),
        action_taken_note=show(item.action_taken_note),
        days_open=handling.days_open(item, today),
        past_target=handling.is_past_target(item, today),
    )


def rows(items, today: dt.date) -> list[Row]:
    return [row(item, today) for item in items]
