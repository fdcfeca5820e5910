project = "meridian"
extensions = ["newsdocs"]
html_baseurl = "https://meridian.example/"

newsdocs_now = "2025-06-01T12:00:00+00:00"
newsdocs_site_name = "The Meridian"
newsdocs_page_size = 3
newsdocs_sections = {
    "world": "World",
    "business": "Business",
    "science": "Science",
    "culture": "Culture",
}
newsdocs_authors = {
    "emily-carter": {
        "name": "Emily Carter",
        "role": "Senior Editor",
        "organization": "The Meridian",
        "bio": "Emily Carter edits the world desk & writes about trade.",
        "url": "https://meridian.example/staff/emily-carter/",
    },
    "li-wei": {"name": "Li Wei", "role": "Beijing correspondent"},
    "sam-lee": {"name": "Sam Lee", "role": "Staff photographer"},
    "ana-lima": {"name": "Ana Lima", "organization": "The Meridian"},
}
