"""The register's domain events: name → Swedish sentence (see `core.history`).
`{object}` is the object's name when the event happened; other fields come from its data."""

ACTIONS = {
    "insyn.registry.contract.part_added": ("{committee} fick en del av avtalet {object}: {part}."),
    "insyn.registry.contract.part_changed": (
        "Delen för {committee} i avtalet {object} ändrades till: {part}."
    ),
    "insyn.registry.contract.part_removed": (
        "Delen för {committee} togs bort ur avtalet {object}."
    ),
}
