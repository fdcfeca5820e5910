"""The Meridian: the example news site written with newsdocs.

Build it with ``sphinx-build -b newshtml site site/_build`` (or ``newsdocs build site``).
The Meridian and every person in its local, business, science and culture pages are
fictional; the two world pages rework a real wire story and interview.
"""

project = "The Meridian"
copyright = "2024-2026, The Meridian"
language = "en"

extensions = ["newsdocs"]

html_baseurl = "https://meridian.example/"
exclude_patterns = ["_build", "_tools"]

# The order here is the order of the masthead's section links.
newsdocs_sections = {
    "local": "Port Calder",
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
        "bio": (
            "Emily Carter edits The Meridian's world and politics coverage and conducts "
            "its long-form interviews. She joined the paper from its Washington bureau."
        ),
        "url": "https://meridian.example/authors/emily-carter/",
    },
    "hannah-brooks": {
        "name": "Hannah Brooks",
        "role": "World Affairs Reporter",
        "organization": "The Meridian",
        "bio": (
            "Hannah Brooks covers diplomacy and security in Asia and Europe for The Meridian's "
            "world desk."
        ),
        "url": "https://meridian.example/authors/hannah-brooks/",
    },
    "tomas-alvarez": {
        "name": "Tomás Alvarez",
        "role": "City Hall Reporter",
        "organization": "The Meridian",
        "bio": (
            "Tomás Alvarez reports on Port Calder's city council, transport and housing. "
            "He grew up on the Eastside and still takes the No. 9 bus."
        ),
        "url": "https://meridian.example/authors/tomas-alvarez/",
    },
    "daniel-okafor": {
        "name": "Daniel Okafor",
        "role": "Business Correspondent",
        "organization": "The Meridian",
        "bio": (
            "Daniel Okafor writes about the harbor economy, small business and banking. "
            "Before journalism he spent six years as a credit analyst."
        ),
        "url": "https://meridian.example/authors/daniel-okafor/",
    },
    "priya-raman": {
        "name": "Priya Raman",
        "role": "Science Correspondent",
        "organization": "The Meridian",
        "bio": (
            "Priya Raman covers climate, the coast and the research done at Calder Bay "
            "University. She holds a master's degree in marine biology."
        ),
        "url": "https://meridian.example/authors/priya-raman/",
    },
    "sofia-marchetti": {
        "name": "Sofia Marchetti",
        "role": "Culture Editor",
        "organization": "The Meridian",
        "bio": (
            "Sofia Marchetti edits The Meridian's arts pages and writes about theater, "
            "festivals and the people who run them."
        ),
        "url": "https://meridian.example/authors/sofia-marchetti/",
    },
}

newsdocs_publisher = {"name": "The Meridian"}
