project = "The Test Gazette"
extensions = ["newsdocs"]
html_baseurl = "https://gazette.example/"
exclude_patterns = ["_build"]
newsdocs_sections = {"local": "Local", "business": "Business"}
newsdocs_authors = {
    "ana-lima": {"name": "Ana Lima", "role": "City Reporter", "organization": "The Test Gazette"},
    "ben-okafor": {"name": "Ben Okafor", "role": "Business Editor", "url": "https://gazette.example/ben"},
}
newsdocs_now = "2025-06-01T12:00:00+00:00"
