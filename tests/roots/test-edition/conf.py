project = "meridian"
extensions = ["newsdocs"]
html_baseurl = "https://meridian.example/"
copyright = "2025, Meridian Media Ltd"
language = "en"

newsdocs_check = False  # the EPUB's publication check has its own tests
newsdocs_now = "2025-06-01T12:00:00+00:00"
newsdocs_site_name = "The Meridian"
newsdocs_publisher = {"name": "Meridian Media Ltd"}
# Business comes first: the edition follows this order, not the alphabet or the dates.
newsdocs_sections = {
    "business": "Business",
    "world": "World",
    "culture": "Culture",
    "opinion": "Opinion",
}
newsdocs_authors = {
    "emily-carter": {"name": "Emily Carter", "role": "Senior Editor"},
    "li-wei": {"name": "Li Wei", "role": "Beijing correspondent"},
}
