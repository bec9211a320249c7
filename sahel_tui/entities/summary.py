"""Mentions -> one line per entity (name, type, count), grouped the way the sidebar and the CLI show them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sahel_tui.entities.gazetteer import TYPES
from sahel_tui.model import Mention


@dataclass(frozen=True)
class EntitySummary:
    id: str
    name: str
    type: str
    listed: bool
    mentions: tuple[Mention, ...]

    @property
    def count(self) -> int:
        return len(self.mentions)

    @property
    def related_count(self) -> int:
        """Mentions in the related headlines shown below the article (not in the article's own text)."""
        return sum(mention.field == "teaser" for mention in self.mentions)

    @property
    def text_count(self) -> int:
        return self.count - self.related_count

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "count": self.count,
            "in_text": self.text_count,
            "in_related": self.related_count,
            "listed": self.listed,
            "mentions": [mention.to_dict() for mention in self.mentions],
        }


def summarize(mentions: list[Mention]) -> list[EntitySummary]:
    """One summary per entity: listed ones by type (sidebar order) then most mentioned; unlisted ones last."""
    grouped: dict[str, list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.entity_id, []).append(mention)
    order = {kind: position for position, kind in enumerate(TYPES)}
    summaries = [
        EntitySummary(entity_id, found[0].name, found[0].type, found[0].listed, tuple(found))
        for entity_id, found in grouped.items()
    ]
    return sorted(summaries, key=lambda s: (not s.listed, order.get(s.type, 99), -s.count, s.name))
