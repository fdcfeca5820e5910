"""NewsDomain: the per-article records, kept per document so parallel and incremental
builds work (``clear_doc`` forgets a deleted article; ``merge_domaindata`` joins workers).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from datetime import datetime
from typing import Any, ClassVar

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from newsdocs.model import Article


class NewsDomain(Domain):
    name = "news"
    label = "News"
    initial_data: ClassVar[dict[str, Any]] = {"articles": {}}
    data_version = 2  # 2: Article.lead

    @property
    def articles(self) -> dict[str, Article]:
        articles: dict[str, Article] = self.data.setdefault("articles", {})
        return articles

    def add_article(self, article: Article) -> None:
        self.articles[article.docname] = article

    def clear_doc(self, docname: str) -> None:
        self.articles.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, article in otherdata["articles"].items():
            if docname in docnames:
                self.articles[docname] = article

    def public_articles(self, now: datetime, *, drafts: bool = False) -> list[Article]:
        """Articles readers may see, newest first (all of them with ``drafts``)."""
        chosen: Iterable[Article] = self.articles.values()
        if not drafts:
            chosen = (article for article in chosen if article.is_public(now))
        return sorted(chosen, key=lambda a: (a.published, a.docname), reverse=True)

    def hidden_docnames(self, now: datetime, *, drafts: bool = False) -> set[str]:
        """Articles that must not be published: drafts and those dated in the future."""
        if drafts:
            return set()
        return {name for name, article in self.articles.items() if not article.is_public(now)}


def news_domain(env: BuildEnvironment) -> NewsDomain:
    domain = env.get_domain("news")
    assert isinstance(domain, NewsDomain)
    return domain
