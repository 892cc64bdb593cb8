"""Reading the self-help content: conditions and pages (Markdown, front matter), sites, services.

The files in content/ are written by physiotherapists and signed off by a clinical reviewer;
this module only reads them into plain objects. It is lenient (a missing field is left empty),
so the content check can list every problem at once instead of stopping at the first.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import frontmatter
from markdown_it import MarkdownIt

from mskpeer.platform.content import CONTENT, read_yaml

# Each condition has these sections, in this order; each becomes a page of its own.
SECTIONS = (
    ("", "About"),
    ("symptoms", "Symptoms"),
    ("self-help", "Self-help"),
    ("exercises", "Exercises"),
    ("work-and-activity", "Work and activity"),
    ("when-to-get-help", "When to get help"),
)
# The slugs the site promises, the commonest problems first: each must have its file.
CONDITIONS = (
    "low-back-pain-and-sciatica neck-pain shoulder-pain-rotator-cuff frozen-shoulder "
    "shoulder-osteoarthritis tennis-and-golfers-elbow hand-and-wrist-pain "
    "hip-pain-and-osteoarthritis knee-pain-and-osteoarthritis kneecap-pain ankle-sprain "
    "achilles-tendon-pain heel-pain-plantar-fasciitis sprains-and-strains "
    "persistent-widespread-pain"
).split()
PAGES = ("keeping-active-and-working", "pain-medicines", "get-help-now", "how-to-refer-yourself")
CARE_LEVELS = ("emergency", "urgent", "non_urgent")
BODY_AREAS = (
    "neck, upper-back, lower-back, shoulder, elbow, wrist-and-hand, hip, leg, knee, "
    "ankle-and-foot, whole-body"
).split(", ")
CONDITION_FIELDS = (
    "title summary body_areas synonyms common author clinical_reviewer last_reviewed "
    "next_review exercises care"
).split()
PAGE_FIELDS = "title summary synonyms author clinical_reviewer last_reviewed next_review".split()
HEADING = re.compile(r"^## +(.+?)\s*$", re.M)

# Raw HTML in the Markdown is shown as text: the writers' words only, never markup or script.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True)
class Section:
    heading: str
    markdown: str
    html: str
    text: str  # the words as read, one block a sentence or more: for the reading level
    links: tuple[str, ...]


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    drawing: str
    steps: tuple[str, ...]
    how_often: str


@dataclass(frozen=True)
class Article:
    """A condition (kind "condition") or a cross-cutting page (kind "page")."""

    kind: str
    slug: str
    meta: dict  # the front matter as written
    sections: tuple[Section, ...]
    exercises: tuple[Exercise, ...] = ()
    care: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.meta.get("title", self.slug))

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary", ""))

    @property
    def synonyms(self) -> list[str]:
        return [str(s) for s in self.meta.get("synonyms") or []]

    @property
    def common(self) -> bool:
        return self.meta.get("common") is True

    @property
    def url(self) -> str:
        if self.kind == "condition":
            return f"/self-help/conditions/{self.slug}/"
        return f"/self-help/{self.slug}"

    def section_url(self, number: int) -> str:
        return self.url + SECTIONS[number][0]

    def section(self, path_part: str) -> tuple[int, Section] | None:
        for number, (part, _) in enumerate(SECTIONS):
            if part == path_part and number < len(self.sections):
                return number, self.sections[number]
        return None


@dataclass(frozen=True)
class Library:
    """Everything the public site shows, read once; `version` changes when any file does."""

    conditions: dict[str, Article]
    pages: dict[str, Article]
    sites: list[dict]
    services: list[dict]
    drawings: dict[str, bytes]
    version: str

    def articles(self) -> list[Article]:
        return [*self.conditions.values(), *self.pages.values()]


def markdown_section(heading: str, markdown: str) -> Section:
    tokens = _markdown.parse(markdown)
    blocks, links = [], []
    inside_heading = False
    for token in tokens:
        if token.type == "heading_open":
            inside_heading = True
        elif token.type == "heading_close":
            inside_heading = False
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "link_open":
                    links.append(str(child.attrs.get("href", "")))
            if not inside_heading and token.content.strip():
                blocks.append(_as_sentence(_plain(token)))
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return Section(heading, markdown, html, "\n".join(blocks), tuple(links))


def _plain(inline) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def _as_sentence(block: str) -> str:
    # A list item is read as one unit: without a full stop the reading-level formula would
    # run every item of a list into one very long sentence.
    block = " ".join(block.split())
    return block if block[-1:] in ".!?:" else block + "."


def split_sections(body: str) -> list[tuple[str, str]]:
    """Each `##` heading with its text."""
    found = list(HEADING.finditer(body))
    parts = []
    for n, match in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(body)
        parts.append((match.group(1), body[match.end() : end].strip()))
    return parts


def read_article(path: Path, kind: str) -> Article:
    post = frontmatter.load(str(path))
    parts = split_sections(post.content)
    meta = dict(post.metadata)
    exercises = tuple(
        Exercise(
            id=str(e.get("id", "")),
            name=str(e.get("name", "")),
            drawing=str(e.get("drawing", "")),
            steps=tuple(str(s) for s in e.get("steps") or []),
            how_often=str(e.get("how_often", "")),
        )
        for e in meta.get("exercises") or []
        if isinstance(e, dict)
    )
    care = meta.get("care") if isinstance(meta.get("care"), dict) else {}
    return Article(
        kind,
        path.stem,
        meta,
        tuple(markdown_section(heading, text) for heading, text in parts),
        exercises,
        {level: [str(line) for line in care.get(level) or []] for level in CARE_LEVELS}
        if care
        else {},
    )


def load(directory: Path = CONTENT) -> Library:
    """Read content/: conditions/*.md, pages/*.md, drawings/*.svg, sites.yaml, services.yaml."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())

    def articles(folder: str, kind: str) -> dict[str, Article]:
        paths = sorted((directory / folder).glob("*.md"))
        return {path.stem: read_article(path, kind) for path in paths}

    drawings = {p.name: p.read_bytes() for p in sorted((directory / "drawings").glob("*.svg"))}
    return Library(
        conditions=articles("conditions", "condition"),
        pages=articles("pages", "page"),
        sites=read_yaml("sites.yaml", directory)["sites"],
        services=read_yaml("services.yaml", directory)["services"],
        drawings=drawings,
        version=digest.hexdigest()[:16],
    )


def review_overdue(article: Article, today: date) -> date | None:
    """The review date a page has passed (None while it is in date): a clinician must review it."""
    due = as_date(article.meta.get("next_review"))
    return due if due is not None and due < today else None


def as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
