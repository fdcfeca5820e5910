"""The article that started it all, as a WordPress theme published it, must be refused;
its cleaned version in the example site must pass (see tests/test_site.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from newsdocs.check import check_paths

SEED = Path(__file__).parent / "data" / "seed-article.txt"
LABEL = re.compile(r"^(Emily [Cc]arter|Dr\. Alexei Plotnikov):\s*(.*)$")
HEADING_MAX = 80


def wordpress_page(seed: str) -> str:
    """Render the raw seed text the way a WordPress theme did: breadcrumb, title, a figure
    with a placeholder image, paragraphs, subheadings, bold speaker labels, comment form."""
    lines = [line.strip() for line in seed.splitlines() if line.strip()]
    breadcrumb, title, *body = lines
    alt, caption = body[1], body[2]
    parts = [
        f'<nav class="breadcrumbs" aria-label="Breadcrumb">{html.escape(breadcrumb)}</nav>',
        f'<h1 class="entry-title">{html.escape(title)}</h1>',
        '<div class="entry-content">',
        f"<p>{html.escape(body[0])}</p>",
        '<figure class="wp-block-image size-large">'
        f'<img src="https://via.placeholder.com/800x450" alt="{html.escape(alt)}">'
        f'<figcaption class="wp-element-caption">{html.escape(caption)}</figcaption></figure>',
    ]
    comment_form = []
    for line in body[3:]:
        if line == "Leave a Comment" or line.startswith("This site uses Akismet"):
            comment_form.append(line)
            continue
        label = LABEL.match(line)
        if label:
            name, words = label.groups()
            parts.append(f"<p><strong>{html.escape(name)}:</strong> {html.escape(words)}</p>")
        elif len(line) < HEADING_MAX and not line.endswith((".", "?", ":", "!")):
            parts.append(f"<h2>{html.escape(line)}</h2>")
        else:
            parts.append(f"<p>{html.escape(line)}</p>")
    parts.append("</div>")
    heading, notice = comment_form
    parts.append(
        '<div id="comments" class="comments-area"><div id="respond" class="comment-respond">'
        f'<h3 id="reply-title" class="comment-reply-title">{html.escape(heading)}</h3>'
        '<form action="https://world-today-news.example/wp-comments-post.php" method="post">'
        '<p class="akismet_comment_form_privacy_notice">'
        f"{html.escape(notice)}</p></form></div></div>"
    )
    article = "\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
        f"<title>{html.escape(title)} \u2013 World Today News</title>\n</head>\n"
        '<body class="post-template-default single single-post">\n<main id="primary">\n'
        f'<article class="post type-post">\n{article}\n</article>\n</main>\n</body>\n</html>\n'
    )


def test_the_published_seed_article_is_refused_for_every_defect(tmp_path: Path) -> None:
    page = tmp_path / "xi-new-year-message-putin.html"
    page.write_text(wordpress_page(SEED.read_text(encoding="utf-8")), encoding="utf-8")

    result = check_paths([page], jobs=1)

    rules = {finding.rule for finding in result.findings}
    assert rules == {
        "placeholder-image",
        "ai-boilerplate",
        "cms-boilerplate",
        "spacing",
        "speaker-inconsistent",
    }
    assert result.errors == len(result.findings)
    messages = " ".join(finding.message for finding in result.findings)
    for evidence in ("partnership,despite", "Ukraine.How", "Emily carter", "Akismet"):
        assert evidence in messages
