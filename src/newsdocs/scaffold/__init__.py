"""Starting points: a new site (``newsdocs new``) and a new article (``newsdocs article``)."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from importlib import resources
from pathlib import Path
from string import Template

from docutils.utils import column_width

SITE_FILES = ("conf.py", "index.rst", "articles/welcome.rst")


class ScaffoldError(Exception):
    """Nothing was written; the message says why."""


def slugify(text: str) -> str:
    """``Xi's New Year Message`` -> ``xis-new-year-message``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['\u2019]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:80].rstrip("-") or "article"


def _template(name: str) -> Template:
    return Template(resources.files(__package__).joinpath(name).read_text("utf-8"))


def new_site(directory: Path, name: str, now: datetime) -> list[Path]:
    """Write a small working site; refuses to touch a directory that already has files."""
    if directory.exists() and any(directory.iterdir()):
        raise ScaffoldError(f"{directory} is not empty; choose a new directory")
    values = {
        "name": name,
        "name_repr": repr(name),
        "name_rule": "=" * max(column_width(name), 3),
        "published": now.replace(microsecond=0).isoformat(),
        "year": str(now.year),
    }
    written = []
    for relative in SITE_FILES:
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        template = _template(
            f"site/{relative}.tmpl" if relative.endswith(".py") else f"site/{relative}"
        )
        target.write_text(template.substitute(values), encoding="utf-8")
        written.append(target)
    return written


def article_text(headline: str, section: str, author: str, now: datetime) -> str:
    headline = " ".join(headline.split())
    rule = "=" * max(column_width(headline), 3)
    return _template("article.rst").substitute(
        headline=headline,
        rule=rule,
        section=section,
        author=author,
        published=now.replace(microsecond=0).isoformat(),
    )


def new_article(site: Path, headline: str, section: str, author: str, now: datetime) -> Path:
    """Write ``articles/<slug>.rst`` as a draft; never overwrites an existing file."""
    if not headline.strip():
        raise ScaffoldError("the headline is empty")
    target = site / "articles" / f"{slugify(headline)}.rst"
    if target.exists():
        raise ScaffoldError(f"{target} already exists; pick another headline or edit that file")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as stream:
        stream.write(article_text(headline, section, author, now))
    return target
