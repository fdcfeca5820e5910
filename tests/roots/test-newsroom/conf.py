project = "meridian"
extensions = ["newsdocs"]
html_baseurl = "https://meridian.example/"

newsdocs_check = False  # the publication check has its own tests
newsdocs_now = "2025-06-01T12:00:00+00:00"
newsdocs_site_name = "The Meridian"
newsdocs_publisher = {"name": "Meridian Media Ltd", "logo": "_static/logo.png"}
newsdocs_sections = {"world": "World", "business": "Business", "opinion": "Opinion"}
newsdocs_authors = {
    "emily-carter": {
        "name": "Emily Carter",
        "role": "Senior Editor",
        "organization": "The Meridian",
        "url": "https://meridian.example/authors/emily-carter/",
    },
    "li-wei": {"name": "Li Wei", "role": "Beijing correspondent"},
    "sam-lee": {"name": "Sam Lee", "role": "Staff photographer"},
}
