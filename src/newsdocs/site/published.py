"""What readers may see in this build, decided once per build."""

from __future__ import annotations

from datetime import datetime

from sphinx.application import Sphinx
from sphinx.builders import Builder

from newsdocs.dates import now_for_build
from newsdocs.domain import news_domain
from newsdocs.model import Article

_NOW_ATTRIBUTE = "_newsdocs_now"


def build_now(builder: Builder) -> datetime:
    """The build's "now": ``newsdocs_now`` or the wall clock at the first call of this build."""
    now: datetime | None = getattr(builder, _NOW_ATTRIBUTE, None)
    if now is None:
        now = now_for_build(builder.config.newsdocs_now)
        setattr(builder, _NOW_ATTRIBUTE, now)
    return now


def public_articles(app: Sphinx) -> list[Article]:
    """Articles readers may see, newest first (every article with ``newsdocs_drafts``)."""
    now = build_now(app.builder)
    return news_domain(app.env).public_articles(now, drafts=app.config.newsdocs_drafts)
