# Text that would break out of a <script> element or an attribute if it were not escaped.
project = "The Meridian"
extensions = ["newsdocs"]
html_baseurl = "https://meridian.example/"

newsdocs_check = False  # the publication check has its own tests
newsdocs_now = "2025-06-01T12:00:00+00:00"
newsdocs_sections = {"world": "World"}
newsdocs_authors = {
    "mallory": {
        "name": "Mallory </script><script>alert(1)</script> \"Mal\" O'Neil & <!-- Co",
        "role": "Editor </script> & \"chief\"",
        "url": "https://meridian.example/authors/mallory/?a=1&b='2'",
    },
}
