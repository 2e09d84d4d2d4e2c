"""What counsel changed in a protocol: each item's answer, and everything else, by section.

The edited document is compared with the protocol isp makes from the session now
(the same template, in memory). Under each item's heading, isp knows which
paragraphs are the answer and which are its own wording around it (a "[To be
discussed]" line, a table of the item's structured parts); an edit that keeps the
wording around the answer is an edit of the answer, and comes back as answer text.
Any other difference is listed by section, never guessed into the session. Each
heading's bookmark holds a digest of what isp wrote under it, so an item counsel
did not touch is recognised even when the session has changed since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli.document.readback.anchors import (
    BUILTIN_TEMPLATE,
    PROVISION_PREFIX,
    Source,
    item_key,
    parse_bookmark,
    region_digest,
    region_end,
)
from isp_cli.document.readback.edited_text import (
    OutsideEdit,
    answer_blocks,
    answer_text,
    describe_tracked,
    outside,
)
from isp_cli.document.readback.package import WordFile, read_word_file
from isp_cli.document.readback.reading import Block, Comment, Para, Reader
from isp_cli.document.template.answer_markdown import xml_safe
from isp_cli.errors import ImportEditsError
from isp_cli.model.session import WORDING_PREFIX

if TYPE_CHECKING:
    from isp_cli.model.checklist import Checklist
    from isp_cli.model.session import Session
    from isp_cli.model.vocabulary import Status


@dataclass
class ItemEdit:
    """An item whose text counsel changed (or commented on)."""

    item_id: str
    label: str  # "2.3 Timing of sharing", as the document numbers it
    before: str  # the answer in the session now
    after: str  # the answer as the document now has it
    status_before: str  # the item's state now ("include", "discuss", "unanswered", ...)
    status_after: Status
    tracked: list[str] = field(default_factory=list)  # each tracked change, described
    comments: list[Comment] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)  # formatting isp does not carry
    both_changed: bool = False  # the session's answer changed since the document was made too
    uncertain: bool = False  # the heading's mark was lost and the session moved on: whose edit?

    @property
    def changes_answer(self) -> bool:
        return self.after != self.before or self.status_after != self.status_before


@dataclass
class ImportPlan:
    """Everything ``isp import`` found in an edited protocol."""

    document: Path
    source: Source
    session_moved_on: bool  # the session changed since the document was made
    items: list[ItemEdit] = field(default_factory=list)
    outside: list[OutsideEdit] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # items whose heading is gone
    loose_comments: list[Comment] = field(default_factory=list)  # comments no answer carries
    extras: list[tuple[str, str]] = field(default_factory=list)  # (section, footnote or box)


def plan_import(
    session: Session, checklist: Checklist, session_file: Path, document: Path,
    template: Path | None = None,
) -> ImportPlan:  # fmt: skip
    """Compare ``document`` (edited) with the protocol made from ``session`` now.

    The steps: read the document and the fingerprint it was made with; make the
    protocol again as it was then (the base); find each item's heading in both; read
    each item's edit (``_Comparison.item``); then what changed outside the answers.
    """
    from isp_cli.document.protocol import document_moment
    from isp_cli.document.template.context import source_of

    edited = read_word_file(document)
    moment = document_moment(session, session_file)
    now = source_of(session, moment)
    source = _source(edited, now, session_file, template)
    moved_on = (now.saved, now.version) != (source.saved, source.version)
    if moved_on:  # compare with the session as it was: its version, date and history then
        session = _as_it_was(session, source, moment)
    base, answers, headings = _base(session, checklist, session_file, template)
    plan = ImportPlan(document, source, session_moved_on=moved_on)
    comparison = _Comparison(session, base, answers, headings, edited, checklist, moved_on)
    for item_id in headings:
        edit = comparison.item(item_id)
        if isinstance(edit, str):
            plan.missing.append(edit)
        elif isinstance(edit, OutsideEdit):
            plan.outside.append(edit)
        elif edit is not None:
            plan.items.append(edit)
    plan.outside.extend(comparison.outside())
    plan.extras = _extras(edited)
    carried = {c.id for e in plan.items for c in e.comments}
    plan.loose_comments = [c for cid, c in edited.comments.items() if cid not in carried]
    return plan


class _Comparison:
    """The base protocol and counsel's document, item by item."""

    def __init__(
        self,
        session: Session,
        base: list[Block],
        answers: dict[str, set[int]],
        headings: dict[str, int],
        edited: WordFile,
        checklist: Checklist,
        moved_on: bool,
    ) -> None:
        self.session, self.base, self.answers, self.headings = session, base, answers, headings
        self.edited, self.moved_on = edited, moved_on
        ours = [i for i in headings if i.startswith((PROVISION_PREFIX, WORDING_PREFIX))]
        edited_at = _edited_anchors(edited.blocks, checklist, ours)
        self.found_at = {
            item_id: edited_at.get(item_id) or _by_heading(edited.blocks, base[index].text)
            for item_id, index in headings.items()
        }
        self.lost = {headings[item_id] for item_id, at in self.found_at.items() if at is None}
        self.moved = _out_of_order(self.found_at, headings)
        self.covered_base: set[int] = set()
        self.covered_edited: set[int] = set()

    def item(self, item_id: str) -> ItemEdit | OutsideEdit | str | None:
        """How counsel changed one item; its label if its heading is gone; None if unchanged."""
        base, blocks = self.base, self.edited.blocks
        base_index = self.headings[item_id]
        label = base[base_index].text
        found = self.found_at[item_id]
        if found is None:
            return label
        edited_index, digest = found
        base_end = region_end(base, base_index)
        edited_end = region_end(blocks, edited_index)
        self.covered_base.update(range(base_index + 1, base_end))
        self.covered_edited.update(range(edited_index + 1, edited_end))
        edit = _item_edit(
            self.session,
            item_id,
            label,
            base[base_index + 1 : base_end],
            {i - base_index - 1 for i in self.answers.get(item_id, set())},
            blocks[edited_index:edited_end],
            digest,
            self.edited.comments,
            self.moved_on,
        )
        why = self._why_not_read(item_id, base_end, edited_end)
        if edit is not None and why:
            edit = OutsideEdit(
                label,
                *_joined(base[base_index:base_end], blocks[edited_index:edited_end]),
                why=why,
            )
        return edit

    def _why_not_read(self, item_id: str, base_end: int, edited_end: int) -> str:
        """Why an item's text cannot be read as its answer ('' when it can)."""
        if item_id in self.moved:
            return "the item headings are no longer in isp's order, so its text was not read"
        if base_end in self.lost or not _same_end(
            self.base, base_end, self.edited.blocks, edited_end, self.found_at, self.headings
        ):
            # The next heading is gone, restyled or merged, or a heading was added inside
            # the answer: where this answer ends cannot be told.
            return (
                "a heading next to it was removed, restyled or added, so where its answer "
                "ends cannot be told"
            )
        return ""

    def outside(self) -> list[OutsideEdit]:
        """What changed outside the items' answers (after every item was read)."""
        return outside(self.base, self.covered_base, self.edited.blocks, self.covered_edited)


def _as_it_was(session: Session, source: Source, moment: datetime) -> Session:
    """``session`` with the version, date and revision history the document was made with
    (its answers stay as they are now: each item's bookmark tells whether counsel changed it)."""
    then = session.model_copy(deep=True)
    then.protocol.version = source.version
    versions = [entry.version for entry in then.history]
    if source.version in versions:
        then.history = then.history[: versions.index(source.version) + 1]
    # Approvals of that version were of the text it had then: current, as the document
    # showed them. Those of later versions did not exist yet.
    for agency in then.agencies:
        approval = agency.approval
        if approval is not None and approval.version == source.version:
            approval.fingerprint = then.text_fingerprint()
        elif approval is not None and approval.status != "pending":
            agency.approval = None
    try:
        then.updated = datetime.fromisoformat(source.saved)
    except ValueError:
        then.updated = moment
    return then


def _source(edited: WordFile, now: Source, session_file: Path, template: Path | None) -> Source:
    from isp_cli.document.readback.fingerprint import EARLIER_PREFIXES, PACKAGE_PREFIX

    where = f"{edited.path}: "
    source = Source.from_properties(edited.properties)
    if source is None:
        if edited.title.startswith("Meeting agenda"):
            raise ImportEditsError(
                where + "this is the meeting agenda ('isp agenda'), not the protocol; give the "
                "protocol .docx that counsel edited."
            )
        if edited.identifier.startswith((PACKAGE_PREFIX, *EARLIER_PREFIXES)):
            raise ImportEditsError(
                where + "this protocol was made by an earlier isp, which did not mark where "
                "each answer is. Make it again with 'isp render', and have the edits made on "
                "that copy."
            )
        raise ImportEditsError(
            where + "isp did not make this document (it has none of the marks isp writes), so "
            "isp cannot tell its answers apart. Give the .docx that 'isp render' wrote and "
            "counsel edited."
        )
    if source.session != now.session:
        raise ImportEditsError(
            where + f"this protocol was made from another session (started {source.session[:10]}"
            f"), not from {session_file} (started {now.session[:10]}). Import it into the "
            "session it was made from."
        )
    # The property holds the name as a Word file can (without control characters).
    given = xml_safe(template.name) if template is not None else BUILTIN_TEMPLATE
    if source.template != given:
        made = (
            "isp's built-in template; leave out --template"
            if source.template == BUILTIN_TEMPLATE
            else f"the template {source.template}; give it with --template {source.template}"
        )
        raise ImportEditsError(where + f"this protocol was made with {made}.")
    return source


def _base(
    session: Session, checklist: Checklist, session_file: Path, template: Path | None
) -> tuple[list[Block], dict[str, set[int]], dict[str, int]]:
    """The protocol as isp renders ``session``: its blocks, each item's answer blocks (by
    index) and heading (index)."""
    from isp_cli.document.docx.word_file import build_document
    from isp_cli.document.protocol import document_markdown

    markdown, info = document_markdown(session, checklist, session_file, template=template)
    document, builder = build_document(markdown, info, reference=None)
    numbering = document.part.numbering_part.element
    blocks = Reader(document.styles.element, numbering).blocks(document.element.body)
    index_of = {id(block.element): i for i, block in enumerate(blocks)}
    headings = {
        item_id: index_of[id(element)]
        for item_id, element in builder.item_headings.items()
        if id(element) in index_of
    }
    answers = {
        item_id: {index_of[id(p)] for p in paragraphs if id(p) in index_of}
        for item_id, paragraphs in builder.answers.items()
    }
    return blocks, answers, headings


def _edited_anchors(
    blocks: list[Block], checklist: Checklist, provision_ids: list[str]
) -> dict[str, tuple[int, str]]:
    """item id -> (index of its heading, digest isp wrote) for each bookmark found."""
    by_key = {item_key(item_id): item_id for item_id in [*checklist.item_ids, *provision_ids]}
    found: dict[str, tuple[int, str]] = {}
    for index, block in enumerate(blocks):
        if not isinstance(block, Para):
            continue
        for name in block.bookmarks:
            parsed = parse_bookmark(name)
            if parsed and parsed[0] in by_key and by_key[parsed[0]] not in found:
                found[by_key[parsed[0]]] = (index, parsed[1])
    return found


def _by_heading(blocks: list[Block], label: str) -> tuple[int, str] | None:
    """The heading with exactly the text ``label`` (the bookmark was lost), if one."""
    matches = [
        i
        for i, block in enumerate(blocks)
        if isinstance(block, Para) and block.heading_level is not None and block.text == label
    ]
    return (matches[0], "") if len(matches) == 1 else None


def _item_edit(
    session: Session,
    item_id: str,
    label: str,
    base: list[Block],
    answer_at: set[int],
    edited: list[Block],
    digest: str,
    comments: dict[str, Comment],
    moved_on: bool = False,
) -> ItemEdit | OutsideEdit | None:
    """How counsel changed one item (``edited`` starts with its heading), if at all."""
    heading, region = edited[0], edited[1:]
    notes = [
        comments[c]
        for block in edited
        for p in (block.paragraphs() if not isinstance(block, Para) else [block])
        for c in p.comments
        if c in comments
    ]
    texts_now = [b.text for b in region]
    untouched = texts_now == [b.text for b in base] or (digest and region_digest(region) == digest)
    tracked = [p for b in edited for p in _paragraphs(b) if p.tracked]
    was = answer_text([b for i, b in enumerate(base) if i in answer_at and isinstance(b, Para)])
    answer = session.items.get(item_id)
    state: str = (
        answer.status if answer else ("skipped" if item_id in session.skipped else "unanswered")
    )
    before = answer.response if answer else ""
    if item_id.startswith(PROVISION_PREFIX):  # a general provision: its text as printed
        decided = session.provisions.get(item_id.removeprefix(PROVISION_PREFIX))
        state = decided.status if decided else "unconfirmed"
        before = was
    elif item_id.startswith(WORDING_PREFIX):  # standard wording: its text as printed
        state, before = "wording", was
    if untouched and not tracked and not notes:
        return None
    edit = ItemEdit(
        item_id, label, before, before, state, answer.status if answer else state,  # type: ignore[arg-type]
        tracked=[line for p in tracked for line in describe_tracked(p)],
        comments=notes,
        both_changed=region_digest(base) != digest if digest else moved_on,
        uncertain=not digest and moved_on,
    )  # fmt: skip
    if untouched:
        return edit  # comments only, or changes that leave the text as isp wrote it
    middle = answer_blocks(base, answer_at, region)
    if middle is None or heading.text != label:
        why = (
            "its heading was changed"
            if heading.text != label
            else "isp's own wording around the answer (or the item's table) was changed"
        )
        return OutsideEdit(
            label,
            "\n".join([label, *(b.text for b in base)]),
            "\n".join([heading.text, *texts_now]),
            why=why,
        )
    paragraphs = [b for b in middle if isinstance(b, Para)]
    if len(paragraphs) != len(middle):
        why = "a table was put in its answer; an answer is paragraphs and lists"
        return OutsideEdit(label, "\n".join(b.text for b in base), "\n".join(texts_now), why)
    after = answer_text(paragraphs)
    if after == was and not edit.tracked and not notes:
        return None
    edit.after = after if after != was else before
    if item_id.startswith((PROVISION_PREFIX, WORDING_PREFIX)):
        return edit  # it becomes the task force's own wording (import_edits)
    if not answer_at and after and state not in ("include", "discuss"):
        edit.status_after = "include"  # counsel wrote the answer in place of "[To be completed]"
    edit.formats = [
        f"{', '.join(piece.formats)}: “{piece.text.strip()}”"
        for p in paragraphs
        for piece in p.pieces
        if piece.formats and piece.change != "del" and piece.text.strip()
    ]
    return edit


def _out_of_order(
    found_at: dict[str, tuple[int, str] | None], headings: dict[str, int]
) -> set[str]:
    """Items whose heading is no longer in isp's order (headings swapped or moved)."""
    found = sorted(
        ((headings[item], at[0], item) for item, at in found_at.items() if at is not None)
    )
    out = set()
    for k, (_, index, item) in enumerate(found):
        before = max((i for _, i, _ in found[:k]), default=-1)
        after = min((i for _, i, _ in found[k + 1 :]), default=len(found_at) + 10**9)
        if not before < index < after:
            out.add(item)
    return out


def _same_end(
    base: list[Block], base_end: int, edited: list[Block], edited_end: int,
    found_at: dict[str, tuple[int, str] | None], headings: dict[str, int],
) -> bool:  # fmt: skip
    """Whether the edited region ends at the heading isp's region ended at."""
    if base_end >= len(base) or edited_end >= len(edited):
        return base_end >= len(base) and edited_end >= len(edited)
    if base[base_end].text == edited[edited_end].text:
        return True
    item = next((i for i, index in headings.items() if index == base_end), None)
    found = found_at.get(item) if item else None
    return found is not None and found[0] == edited_end


def _extras(edited: WordFile) -> list[tuple[str, str]]:
    """Footnotes, endnotes and text boxes, by section: isp writes none, so all are counsel's."""
    found = []
    section = "The cover"
    for block in edited.blocks:
        if isinstance(block, Para) and block.heading_level is not None:
            section = block.text
        for paragraph in _paragraphs(block):
            for kind, note_id in paragraph.notes:
                found.append((section, f"{kind}: {edited.notes.get((kind, note_id), '')}"))
            found.extend((section, f"text box: {box}") for box in paragraph.boxes)
    return found


def _joined(before: list[Block], after: list[Block]) -> tuple[str, str]:
    return "\n".join(b.text for b in before), "\n".join(b.text for b in after)


def _paragraphs(block: Block) -> list[Para]:
    return [block] if isinstance(block, Para) else block.paragraphs()
