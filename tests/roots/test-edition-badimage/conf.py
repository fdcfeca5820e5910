project = "The Meridian"
extensions = ["newsdocs"]
html_baseurl = "https://meridian.example/"
newsdocs_check = False
newsdocs_now = "2025-06-01T12:00:00+00:00"
newsdocs_sections = {"world": "World"}
newsdocs_authors = {"emily-carter": {"name": "Emily Carter"}}
