"""Reading a process's /metrics as Prometheus would."""

from __future__ import annotations

import requests
from prometheus_client.parser import text_string_to_metric_families


class Scrape:
    """One scrape: every sample by its name and labels."""

    def __init__(self, url: str):
        answer = requests.get(url, timeout=10)
        assert answer.status_code == 200, answer.text
        self.samples = {
            (sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(answer.text)
            for sample in family.samples
        }

    def value(self, name: str, **labels) -> float:
        """The sample's value; 0 for a labelled series not yet seen (a counter never bumped)."""
        return self.samples.get((name, frozenset(labels.items())), 0.0)

    def has(self, name: str, **labels) -> bool:
        return (name, frozenset(labels.items())) in self.samples

    def labels_of(self, name: str, label: str) -> set[str]:
        return {dict(labels)[label] for found, labels in self.samples if found == name}
