# A small newsroom dated around newsdocs_now, for the feeds and sitemaps.
project = "meridian"
extensions = ["newsdocs"]
html_baseurl = "https://meridian.example/"
language = "en"
exclude_patterns = ["_build", "extra"]

newsdocs_now = "2025-06-03T12:00:00+00:00"
newsdocs_site_name = "The Meridian"
newsdocs_publisher = {"name": "Meridian Media Ltd"}
newsdocs_sections = {"world": "World", "business": "Business", "opinion": "Opinion"}
newsdocs_authors = {
    "emily-carter": {
        "name": "Emily Carter",
        "role": "Senior Editor",
        "url": "https://meridian.example/authors/emily-carter/",
    },
    "li-wei": {"name": "Li Wei", "url": "/people/li-wei.html"},
    "sam-lee": {"name": "Sam Lee"},
}


def collect_pages(app):
    # Pages generated beside the documents, as newsdocs' own listings are.
    yield "extras/collected", {"title": "Collected", "body": "<p>Collected.</p>"}, "page.html"
    yield "sections/world", {"title": "World", "body": "<p>World news.</p>"}, "page.html"


def setup(app):
    app.connect("html-collect-pages", collect_pages)
