"""What a user gets to see of an item: masked text unless explicitly revealed, days open,
past target. Every page, export and API response builds its rows here, so masking can't be
forgotten in one of them."""

import datetime as dt
from dataclasses import dataclass

from . import handling
from .masking import mask
from .models import FeedbackItem

REMOVED_TEXT = "[Fritexten är gallrad]"


def masked_text(value: str, item: FeedbackItem) -> str:
    if not value:
        return ""
    if item.text_removed_at:
        return REMOVED_TEXT
    return mask(value)


@dataclass
class Row:
    item: FeedbackItem
    text: str
    provider_action: str
    feedback_note: str
    days_open: int
    past_target: bool


def row(item: FeedbackItem, today: dt.date, *, unmasked: bool = False) -> Row:
    show = (lambda v, i: v) if unmasked else masked_text
    return Row(
        item=item,
        text=show(item.text, item),
        provider_action=show(item.provider_action, item),
        feedback_note=show(item.feedback_note, item),
        days_open=handling.days_open(item, today),
        past_target=handling.is_past_target(item, today),
    )


def rows(items, today: dt.date) -> list[Row]:
    return [row(item, today) for item in items]
