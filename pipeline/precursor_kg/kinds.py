"""The closed sets of kinds the stages pass to each other, named once: a paragraph is preambular
or operative, a mention is of a substance, an initiative, a body, a treaty, an office or a group.

They are `StrEnum`s, so a member equals its string ("Body"): spaCy labels, the extraction's JSON
and the rule files keep the plain strings they had.
"""

from __future__ import annotations

from enum import StrEnum


class ParagraphKind(StrEnum):
    """The part of a resolution a paragraph stands in (its pkg: class is PreambularParagraph or OperativeParagraph)."""

    PREAMBULAR = "preambular"
    OPERATIVE = "operative"


class EntityKind(StrEnum):
    """The kind of a named thing a paragraph mentions or addresses; apart from GROUP (pkg:AddresseeGroup),
    the local name of its pkg: class. FORMAT.md's mentions are of the first four (FORMAT_MENTIONS)."""

    SUBSTANCE = "Substance"
    INITIATIVE = "Initiative"
    PLAN = "Plan"  # a named plan or strategy: the graph's mention, not FORMAT.md's
    BODY = "Body"
    TREATY = "Treaty"
    OFFICE = "Office"
    GROUP = "Group"


# The mention types of the extraction format (FORMAT.md): plans and offices are the graph's only.
FORMAT_MENTIONS = frozenset({EntityKind.SUBSTANCE, EntityKind.INITIATIVE, EntityKind.BODY, EntityKind.TREATY})
