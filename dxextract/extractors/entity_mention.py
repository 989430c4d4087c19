"""An entity mention, the record it becomes, and the scopes an organization can have."""
from __future__ import annotations

from dataclasses import dataclass

NATIONAL, LOCAL, PRESS = "national", "local", "press"


@dataclass
class Mention:
    start: int
    end: int
    label: str
    norm: str
    province: str | None = None
    scope: str | None = None  # organizations; a `local` one without province is the article's
    rule: str | None = None  # what found it: `gazetteer`, an entities.yaml rule, or `underthesea`

    def record(self, text: str) -> dict:
        rec = {"type": "entity", "start": self.start, "end": self.end, "text": text[self.start:self.end],
               "label": self.label, "norm": self.norm, "rule": self.rule}
        if self.province:
            rec["province"] = self.province
        if self.scope:
            rec["scope"] = self.scope
        return rec
