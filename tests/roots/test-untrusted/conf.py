# Articles that each try one way to read the build machine or script the reader.
# tests/test_untrusted.py creates the symlinks (images/evil.png -> a file outside the site).
project = "The Untrusted Gazette"
extensions = ["newsdocs"]
exclude_patterns = ["_build"]
newsdocs_check = False  # the publication gate has its own tests
newsdocs_now = "2025-06-01T12:00:00+00:00"
newsdocs_sections = {"local": "Local"}
newsdocs_authors = {"ana-lima": {"name": "Ana Lima"}}
