"""Where the repo's written content lives (content/), and the one list of the area's sites.

The site names are shared: the staff side knows clinicians by site and the public pages list
the same sites, so both read them from content/sites.yaml.
"""

from __future__ import annotations

from pathlib import Path

import yaml

CONTENT = Path(__file__).resolve().parents[2] / "content"


def read_yaml(name: str, directory: Path = CONTENT):
    with (directory / name).open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def site_names(directory: Path = CONTENT) -> tuple[str, ...]:
    """The 11 sites' names, in the order sites.yaml lists them."""
    return tuple(site["name"] for site in read_yaml("sites.yaml", directory)["sites"])
