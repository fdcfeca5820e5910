project = "The Meridian"
extensions = ["newsdocs"]

newsdocs_check = False  # the publication check has its own tests
newsdocs_now = "2025-06-01T12:00:00+00:00"
newsdocs_sections = {"world": "World", "business": "Business"}
newsdocs_authors = {
    "emily-carter": {"name": "Emily Carter", "role": "Senior Editor"},
    "li-wei": {"name": "Li Wei"},
}
