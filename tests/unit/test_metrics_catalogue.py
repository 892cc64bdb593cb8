"""The alert rules and the dashboard name only metrics the product exports, and say
what an operator does: an alert on a misspelt metric would never fire, silently.

Queries are parsed with a PromQL parser (promql-parser), and the metric names read
from the parsed query, not guessed by a pattern.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import promql_parser
import pytest
import yaml

import mskpeer.platform.metrics as product_metrics

ROOT = Path(__file__).resolve().parents[2]
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yaml"
DASHBOARD = ROOT / "deploy" / "grafana" / "mskpeer-dashboard.json"
PROMETHEUS_RULE = ROOT / "deploy" / "k8s" / "base" / "monitoring.yaml"
OPERATIONS = ROOT / "docs" / "operations.md"
PROMETHEUS_OWN = {"up"}  # what Prometheus itself records for every target
DURATION = re.compile(r"^(\d+(ms|s|m|h|d|w|y))+$")
RULE_KEYS = {"alert", "expr", "for", "keep_firing_for", "labels", "annotations"}


def exported() -> set[str]:
    """Every series name the product's registry can give, as a query names it."""
    names = set()
    for family in product_metrics.REGISTRY.collect():
        suffixes = {
            "counter": ["_total"],
            "histogram": ["_bucket", "_count", "_sum"],
            "summary": ["_count", "_sum", ""],
        }.get(family.type, [""])
        names.update(family.name + suffix for suffix in suffixes)
    return names


def metric_names(expr: str) -> set[str]:
    found = set()

    def walk(node):
        if type(node).__name__ == "VectorSelector":
            found.add(node.name)
        for attribute in ("lhs", "rhs", "expr", "args", "vector_selector", "param"):
            child = getattr(node, attribute, None)
            for each in child if isinstance(child, list) else [child]:
                if type(each).__module__.startswith("promql_parser"):
                    walk(each)

    walk(promql_parser.parse(expr))
    return found


def rules() -> list[dict]:
    return [
        rule for group in yaml.safe_load(ALERTS.read_text())["groups"] for rule in group["rules"]
    ]


def dashboard_queries() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    queries = [t["expr"] for p in panels for t in p.get("targets", [])]
    # Grafana's variables, as Grafana substitutes them before Prometheus sees the query.
    return [q.replace("$__rate_interval", "5m").replace("$service", ".*") for q in queries]


def test_the_name_reader_finds_every_metric_of_a_query():
    query = (
        "sum by (s) (rate(a_total[5m])) / on (s) histogram_quantile(0.9, b_bucket) "
        "unless (max(c) > 1)"
    )
    assert metric_names(query) == {"a_total", "b_bucket", "c"}


def test_every_metric_the_alerts_use_is_one_the_product_exports():
    known = exported() | PROMETHEUS_OWN
    for rule in rules():
        missing = metric_names(rule["expr"]) - known
        assert not missing, f"{rule['alert']} names metrics nobody exports: {missing}"


def test_every_metric_the_dashboard_shows_is_one_the_product_exports():
    known = exported() | PROMETHEUS_OWN
    for query in dashboard_queries():
        missing = metric_names(query) - known
        assert not missing, f"a panel names metrics nobody exports: {missing} in {query}"


def test_the_dashboard_shows_every_metric_an_alert_watches():
    shown = set().union(*map(metric_names, dashboard_queries()))
    watched = set().union(*(metric_names(rule["expr"]) for rule in rules()))
    assert watched <= shown, watched - shown


def test_the_alerts_are_prometheus_rule_groups_each_with_a_runbook():
    document = yaml.safe_load(ALERTS.read_text())
    assert set(document) == {"groups"}
    groups = document["groups"]
    assert len({group["name"] for group in groups}) == len(groups)
    headings = set(re.findall(r"^#### (\w+)$", OPERATIONS.read_text(), re.M))
    names = [rule["alert"] for rule in rules()]
    assert len(set(names)) == len(names), "alert names are unique"
    for group in groups:
        assert set(group) <= {"name", "interval", "rules"} and group["rules"], group["name"]
        for rule in group["rules"]:
            name = rule["alert"]
            assert set(rule) <= RULE_KEYS and re.fullmatch(r"Mskpeer[A-Z]\w+", name), name
            assert DURATION.match(rule.get("for", "0s")), name
            assert rule["labels"]["severity"] in {"warning", "critical"}, name
            assert {"summary", "description", "runbook"} <= set(rule["annotations"]), name
            assert rule["annotations"]["runbook"] == f"docs/operations.md#{name.lower()}"
            assert name in headings, f"docs/operations.md has no heading for {name}"


def test_the_issue_s_alerts_are_all_there():
    watched = {rule["alert"]: metric_names(rule["expr"]) for rule in rules()}
    for metric in (
        "mskpeer_outbox_lag_seconds",
        "mskpeer_dead_letters_parked",
        "mskpeer_mail_failures_total",
        "mskpeer_follow_up_overdue_seconds",
        "up",
    ):
        assert any(metric in names for names in watched.values()), metric


def test_kubernetes_gets_the_same_alert_rules():
    documents = list(yaml.safe_load_all(PROMETHEUS_RULE.read_text()))
    [rule] = [doc for doc in documents if doc["kind"] == "PrometheusRule"]
    assert rule["spec"]["groups"] == yaml.safe_load(ALERTS.read_text())["groups"], (
        "copy the groups of deploy/prometheus/alerts.yaml into deploy/k8s/base/monitoring.yaml"
    )


def test_the_dashboard_is_grafana_json_with_distinct_panels():
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] and dashboard["title"]
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(set(ids)) == len(ids)
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["targets"] and panel["datasource"]["uid"] == "${datasource}", panel


def families() -> list[str]:
    """Each metric by the name an operator reads in the docs (a counter with its _total)."""
    return sorted(
        family.name + ("_total" if family.type == "counter" else "")
        for family in product_metrics.REGISTRY.collect()
    )


@pytest.mark.parametrize("name", families())
def test_every_metric_is_explained_for_operators(name):
    text = OPERATIONS.read_text()
    assert f"`{name}`" in text or (name.startswith("process_") and "`process_*`" in text)
