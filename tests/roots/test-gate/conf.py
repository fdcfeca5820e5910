project = "The Gate Times"
extensions = ["newsdocs"]
exclude_patterns = ["_build"]
newsdocs_sections = {"world": "World"}
newsdocs_authors = {"emily-carter": {"name": "Emily Carter", "role": "Senior Editor"}}
newsdocs_now = "2025-06-01T12:00:00+00:00"
