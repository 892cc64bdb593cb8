"""The Kubernetes manifests (deploy/k8s/) render, are valid, and hold what a trust's
platform team expects: two of everything, limits, probes, non-root read-only pods,
disruption budgets, and the operators' resources as their CRDs define them.

Offline: `kubectl kustomize` renders, kubernetes-validate carries the built-in
kinds' schemas, and the operators' CRD schemas are kept in deploy/k8s/crds/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
KUBERNETES_VERSION = "1.32"
PROCESSES = {"gateway", "cases", "scheduling", "notifications", "outcomes", "staff", "referrals"}
OPERATOR_KINDS = {
    *("RabbitmqCluster", "Cluster", "Pooler", "ScaledObject", "TriggerAuthentication"),
    *("PodMonitor", "PrometheusRule"),
}


def _render(directory: Path) -> list[dict]:
    # kubectl is part of these machines' set-up: missing, it is a failure, never a skip.
    if not shutil.which("kubectl"):
        pytest.fail("kubectl is not installed: it renders the manifests (kubectl kustomize)")
    result = subprocess.run(
        ["kubectl", "kustomize", str(directory)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, list[dict]]:
    # The production overlay needs its secrets file, which is never in git: render a
    # copy of the tree with the example standing in for it.
    tree = tmp_path_factory.mktemp("k8s") / "k8s"
    shutil.copytree(K8S, tree, ignore=shutil.ignore_patterns("crds"))
    production = tree / "overlays" / "production"
    shutil.copy(production / "secrets.env.example", production / "secrets.env")
    return {"base": _render(tree / "base"), "production": _render(production)}


def _strict(schema):
    """An object schema that names its fields rejects others, as `kubectl apply`'s
    strict field validation does: a misspelt field is an error, not silently dropped."""
    if isinstance(schema, dict):
        schema = {key: _strict(value) for key, value in schema.items()}
        if (
            "properties" in schema
            and "additionalProperties" not in schema
            and not schema.get("x-kubernetes-preserve-unknown-fields")
        ):
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


@pytest.fixture(scope="module")
def crd_validators() -> dict[tuple[str, str], jsonschema.Draft4Validator]:
    validators = {}
    for path in sorted((K8S / "crds").glob("*.json")):
        crd = json.loads(path.read_text())
        schema = _strict(crd["schema"])
        schema["properties"]["metadata"] = {"type": "object"}  # checked by Kubernetes itself
        validators[(crd["apiVersion"], crd["kind"])] = jsonschema.Draft4Validator(schema)
    return validators


def _of(docs, kind):
    return [doc for doc in docs if doc["kind"] == kind]


@pytest.mark.parametrize("overlay", ["base", "production"])
def test_built_in_kinds_are_valid_kubernetes(rendered, overlay):
    built_in = [doc for doc in rendered[overlay] if doc["kind"] not in OPERATOR_KINDS]
    assert built_in
    for doc in built_in:
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{doc['kind']} {doc['metadata']['name']}: {error.message}")


@pytest.mark.parametrize("overlay", ["base", "production"])
def test_operator_resources_match_their_crds(rendered, crd_validators, overlay):
    operated = [doc for doc in rendered[overlay] if doc["kind"] in OPERATOR_KINDS]
    for doc in operated:
        validator = crd_validators.get((doc["apiVersion"], doc["kind"]))
        assert validator, f"no CRD schema kept for {doc['apiVersion']} {doc['kind']}"
        errors = [
            f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator.iter_errors(doc)
        ]
        assert not errors, f"{doc['kind']} {doc['metadata']['name']}: {errors}"


def test_the_strict_check_catches_a_misspelt_field(crd_validators):
    validator = crd_validators[("rabbitmq.com/v1beta1", "RabbitmqCluster")]
    wrong = {"apiVersion": "rabbitmq.com/v1beta1", "kind": "RabbitmqCluster", "metadata": {}}
    assert validator.is_valid({**wrong, "spec": {"replicas": 3}})
    assert not validator.is_valid({**wrong, "spec": {"replica": 3}})


@pytest.mark.parametrize("overlay", ["base", "production"])
def test_every_process_runs_twice_within_limits_non_root_and_read_only(rendered, overlay):
    deployments = {doc["metadata"]["name"]: doc for doc in _of(rendered[overlay], "Deployment")}
    assert set(deployments) == PROCESSES
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        assert deployment["spec"]["replicas"] >= 2, name
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["terminationGracePeriodSeconds"] >= 30, name
        assert {"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}} in pod["volumes"], name
        for container in pod["containers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, name
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
            assert container["lifecycle"]["preStop"], name
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], name
            assert container["command"][:2] == ["mskpeer", "run"], name


@pytest.mark.parametrize("overlay", ["base", "production"])
def test_every_process_has_probes(rendered, overlay):
    for deployment in _of(rendered[overlay], "Deployment"):
        name = deployment["metadata"]["name"]
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        if "http" in {port["name"] for port in container["ports"]}:  # every one has `metrics`
            assert container["readinessProbe"]["httpGet"]["path"] == "/health", name
            assert container["livenessProbe"], name
            continue
        # A nameko service: the heartbeat its own process writes, read by `mskpeer health`.
        health = ["mskpeer", "health", "--service", name]
        assert container["readinessProbe"]["exec"]["command"] == health, name
        assert container["livenessProbe"]["exec"]["command"] == [*health, "--alive"], name
        assert container["startupProbe"]["exec"]["command"] == [*health, "--alive"], name


def test_the_probe_commands_are_commands_mskpeer_has(rendered, tmp_path):
    """Run as the kubelet would, in a container where nothing runs yet: each exits 1 and
    says why. A misspelt option would exit 2 with argparse's usage instead."""
    commands = set()
    for deployment in _of(rendered["base"], "Deployment"):
        pod = deployment["spec"]["template"]["spec"]
        for container in pod["containers"]:
            for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                if "exec" in container.get(probe, {}):
                    commands.add(tuple(container[probe]["exec"]["command"]))
    assert len(commands) == 12  # six services, each ready and alive
    env = {**os.environ, "DATA_DIR": str(tmp_path)}
    for command in sorted(commands):
        result = subprocess.run(
            [sys.executable, "-m", "mskpeer.cli", *command[1:]],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert (result.returncode, result.stderr) == (1, ""), command
        assert "not running here" in result.stdout, command


@pytest.mark.parametrize("overlay", ["base", "production"])
def test_a_service_starts_only_once_the_job_has_migrated_its_database(rendered, overlay):
    [job] = _of(rendered[overlay], "Job")
    [migrating] = job["spec"]["template"]["spec"]["containers"]
    assert migrating["command"] == ["mskpeer", "migrate"]
    for deployment in _of(rendered[overlay], "Deployment"):
        name = deployment["metadata"]["name"]
        pod = deployment["spec"]["template"]["spec"]
        if name == "gateway":  # no database of its own
            assert "initContainers" not in pod
            continue
        [wait] = pod["initContainers"]
        assert wait["command"] == ["mskpeer", "migrate", "--wait", "--service", name]
        assert wait["image"] == pod["containers"][0]["image"], name  # this release's head
        assert {e["name"] for e in wait["env"]} == {f"{name.upper()}_DATABASE_URL"}
        assert wait["securityContext"]["readOnlyRootFilesystem"] is True, name
        assert {"cpu", "memory"} <= set(wait["resources"]["limits"]), name


@pytest.mark.parametrize("overlay", ["base", "production"])
def test_the_grace_period_covers_the_pause_and_a_stop_that_finishes_its_work(rendered, overlay):
    for deployment in _of(rendered[overlay], "Deployment"):
        pod = deployment["spec"]["template"]["spec"]
        [container] = pod["containers"]
        pause = int(container["lifecycle"]["preStop"]["exec"]["command"][-1])
        # nameko's stop waits for running workers: the longest ordinary one is a rota
        # solve (10 s) or a statement at its 60 s statement_timeout, rare; 45 s covers
        # the ordinary ones, and what a SIGKILL cuts is redelivered and handled once.
        assert pod["terminationGracePeriodSeconds"] - pause >= 45, deployment["metadata"]["name"]


@pytest.mark.parametrize("overlay", ["base", "production"])
def test_every_process_has_a_disruption_budget(rendered, overlay):
    budgets = {
        doc["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]: doc["spec"]
        for doc in _of(rendered[overlay], "PodDisruptionBudget")
    }
    for deployment in _of(rendered[overlay], "Deployment"):
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        name = labels["app.kubernetes.io/name"]
        assert budgets[name]["minAvailable"] == 1, name


def test_only_the_referrals_service_holds_the_keys_to_patients_details(rendered):
    for deployment in _of(rendered["production"], "Deployment"):
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        names = {variable["name"] for variable in container.get("env", [])}
        holds_keys = "REFERRALS_DATA_KEYS" in names
        assert holds_keys == (deployment["metadata"]["name"] == "referrals")


def test_production_replaces_the_placeholder_secret_and_scales_on_queues(rendered):
    [secret] = _of(rendered["production"], "Secret")
    assert "stringData" not in secret  # nothing left of the base's placeholder
    [job] = _of(rendered["production"], "Job")
    assert job["spec"]["template"]["spec"]["containers"][0]["command"] == ["mskpeer", "migrate"]
    scaled = {
        doc["spec"]["scaleTargetRef"]["name"]: doc
        for doc in _of(rendered["production"], "ScaledObject")
    }
    assert set(scaled) == {"notifications", "outcomes"}
    for name, scaler in scaled.items():
        assert scaler["spec"]["minReplicaCount"] >= 2, name  # never below what the PDB expects
        assert f"--{name}\\." in scaler["spec"]["triggers"][0]["metadata"]["queueName"]
    [broker] = _of(rendered["production"], "RabbitmqCluster")
    assert broker["spec"]["replicas"] == 3
    [database] = _of(rendered["production"], "Cluster")
    assert database["spec"]["instances"] == 3
    assert _of(rendered["production"], "Pooler")
    assert not _of(rendered["base"], "ScaledObject")


@pytest.mark.parametrize("overlay", ["base", "production"])
def test_prometheus_scrapes_every_process_on_a_port_no_service_exposes(rendered, overlay):
    docs = rendered[overlay]
    [monitor] = _of(docs, "PodMonitor")
    [endpoint] = monitor["spec"]["podMetricsEndpoints"]
    assert (endpoint["port"], endpoint["path"]) == ("metrics", "/metrics")
    [settings] = [
        doc
        for doc in _of(docs, "ConfigMap")
        if doc["metadata"]["name"].startswith("mskpeer-settings")
    ]
    port = int(settings["data"]["METRICS_ADDRESS"].rpartition(":")[2])
    for deployment in _of(docs, "Deployment"):
        pod = deployment["spec"]["template"]
        for key, value in monitor["spec"]["selector"]["matchLabels"].items():
            assert pod["metadata"]["labels"][key] == value, deployment["metadata"]["name"]
        [container] = pod["spec"]["containers"]
        assert {"name": "metrics", "containerPort": port} in container["ports"]
    # The public way in (the gateway's Service) never leads to /metrics.
    for service in _of(docs, "Service"):
        assert all(
            p.get("targetPort") != "metrics" and p["port"] != port for p in service["spec"]["ports"]
        )
    assert _of(docs, "PrometheusRule")


def test_production_replicates_its_queues_over_the_broker_cluster(rendered):
    def settings(overlay):
        (config_map,) = [
            d
            for d in rendered[overlay]
            if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "mskpeer-settings"
        ]
        return config_map["data"]

    assert settings("production")["AMQP_QUEUE_TYPE"] == "quorum"
    assert "AMQP_QUEUE_TYPE" not in settings("base")  # classic, the default, elsewhere
