# Metadata written to break out of wherever it goes: HTML text and attributes, <script>
# JSON-LD, OpenGraph, Atom, sitemaps, EPUB. tests/test_hostile_content.py holds the strings.
project = "The Hostile Herald"
extensions = ["newsdocs"]
html_baseurl = "https://hostile.example/"
language = "en"
exclude_patterns = ["_build"]

newsdocs_check = False  # the publication gate has its own tests; here: does everything parse
newsdocs_now = "2025-06-01T12:00:00+00:00"
newsdocs_publisher = {"name": "Hostile & <Sons> \"Ltd\""}
newsdocs_sections = {"world": "World </script> & \"Co\""}
newsdocs_authors = {
    "mallory": {
        "name": "Mallory </script><script>alert('author')</script> \"M\" O'Neil & ]]>",
        "role": "Editor </script> & \"chief\"",
        "url": "https://hostile.example/authors/mallory/?a=1&b='2'",
    },
}
