"""The checklist as validated data: sections, items, topics and definitions."""

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from isp_cli.model.vocabulary import OTHER_TOPIC

_SLUG = r"^[a-z][a-z0-9-]*$"
_ITEM_ID = r"^[a-z][a-z0-9_-]*\.[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Topic(_Strict):
    """A subject a task force may write a separate protocol about."""

    id: str = Field(pattern=_SLUG)
    text: str = Field(min_length=1)
    title: str = Field(min_length=1)


class Definition(_Strict):
    """A term the protocol defines."""

    term: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Item(_Strict):
    """One checklist item: what the protocol should cover."""

    id: str = Field(pattern=_ITEM_ID)
    heading: str = Field(min_length=1)
    text: str = Field(min_length=1)
    guidance: str
    help: str = Field(min_length=1)


class Section(_Strict):
    """A group of items; a chapter of the protocol."""

    id: str = Field(pattern=_SLUG)
    title: str = Field(min_length=1)
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _items_belong(self) -> "Section":
        for item in self.items:
            if item.id.split(".", 1)[0] != self.id:
                raise ValueError(f"item id '{item.id}' should start with '{self.id}.'")
        return self


class Checklist(_Strict):
    """The whole checklist."""

    id: str = Field(pattern=_SLUG)
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    introduction: list[str]
    purposes: list[str]
    topics: list[Topic]
    instructions: str
    definitions: list[Definition]
    sections: list[Section] = Field(min_length=1)
    # isp's general provisions (provisions.yaml) follow the checklist's sections;
    # a checklist of the task force's own can leave them out.
    general_provisions: bool = True

    @field_validator("topics")
    @classmethod
    def _topics_known(cls, topics: list[Topic]) -> list[Topic]:
        ids = [topic.id for topic in topics]
        if OTHER_TOPIC in ids:
            raise ValueError(f"the topic id '{OTHER_TOPIC}' is reserved for 'any other topic'")
        _no_duplicates(ids, "topic")
        return topics

    @model_validator(mode="after")
    def _unique_ids(self) -> "Checklist":
        _no_duplicates([section.id for section in self.sections], "section")
        _no_duplicates([item.id for item in self.items], "item")
        return self

    @cached_property
    def items(self) -> list[Item]:
        """Every item, in order."""
        return [item for section in self.sections for item in section.items]

    @cached_property
    def item_ids(self) -> list[str]:
        """Every item id, in order."""
        return [item.id for item in self.items]

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if there is none)."""
        return self._by_id[item_id]

    def section_of(self, item_id: str) -> Section:
        """The section holding this item."""
        for section in self.sections:
            if any(item.id == item_id for item in section.items):
                return section
        raise KeyError(item_id)

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None (for 'other')."""
        return next((topic for topic in self.topics if topic.id == topic_id), None)

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}


def _no_duplicates(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ValueError(f"the {what} id '{ident}' is used twice; ids must be unique")
        seen.add(ident)
