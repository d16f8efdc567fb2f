"""Publication events: name → Swedish sentence (see `core.history`). A provider is logged by
name only: a sole trader's organisation number is a personnummer."""

ACTIONS = {
    "insyn.public.provider.published": "{object} publicerades för allmänheten.",
    "insyn.public.provider.unpublished": (
        "{object} avpublicerades, och med den {units} verksamheter."
    ),
    "insyn.public.unit.published": "{object} publicerades för allmänheten.",
    "insyn.public.unit.unpublished": "{object} avpublicerades.",
    "insyn.public.followup.published": "Resultatet av uppföljningen {object} publicerades.",
    "insyn.public.followup.unpublished": "Resultatet av uppföljningen {object} avpublicerades.",
    "insyn.public.year.published": "{object} publicerades med {followups} uppföljningar.",
    "insyn.public.year.unpublished": "{object} avpublicerades.",
}
