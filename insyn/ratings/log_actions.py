"""Placement and rating events: name → Swedish sentence (see `core.history`). A placement is
named by its case reference, which is validated never to be a personnummer."""

ACTIONS = {
    "insyn.ratings.placement.registered": "{object} registrerades.",
    "insyn.ratings.placement.ended": "{object} avslutades {end_date}.",
    "insyn.ratings.placement.cancelled": "{object} makulerades.",
    "insyn.ratings.placement.rated": "{object} fick rating {score}.",
}
