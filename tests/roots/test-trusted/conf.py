# A site that trusts every source (newsdocs_trusted_content): raw markup and file inclusion
# work; script URLs are still refused.
project = "The Trusted Gazette"
extensions = ["newsdocs"]
exclude_patterns = ["_build"]
newsdocs_check = False  # the publication gate has its own tests
newsdocs_trusted_content = True
newsdocs_now = "2025-06-01T12:00:00+00:00"
newsdocs_sections = {"local": "Local"}
newsdocs_authors = {"ana-lima": {"name": "Ana Lima"}}
