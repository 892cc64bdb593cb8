"""A real installation starts with nobody: the first admin comes from the command line."""

import os
import subprocess
import sys

from tests.support.product_process import running_process
from tests.support.staff import LINK


def create_admin(data_dir, email, name):
    env = {**os.environ, "DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "mskpeer.cli", "staff", "create-admin"]
    return subprocess.run(
        [*command, "--email", email, "--name", name],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_the_demo_only_the_admin_from_the_command_line_gets_in(tmp_path):
    data_dir = tmp_path / "var"
    with running_process(data_dir, tmp_path / "product.log", SEED_DEMO="0") as (_, api):
        demo = {"email": "admin@demo.nhs.uk", "password": "demo"}
        assert api.post("/api/v1/auth/token", json=demo).status_code == 401

        made = create_admin(data_dir, "lead@trust.nhs.uk", "Lee Lead")
        assert made.returncode == 0, made.stderr
        token = LINK.search(made.stdout).group(1)
        again = create_admin(data_dir, "second@trust.nhs.uk", "Sec Ond")
        assert again.returncode == 1 and "already an admin" in again.stderr

        body = {"token": token, "password": "quiet meadow lantern"}
        assert api.post("/api/v1/auth/set-password", json=body).status_code == 200
        signed_in = api.post(
            "/api/v1/auth/token",
            json={"email": "lead@trust.nhs.uk", "password": "quiet meadow lantern"},
        )
        assert signed_in.status_code == 200, signed_in.text
        auth = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        assert api.get("/api/v1/me", headers=auth).json()["roles"] == ["admin"]
        assert api.get("/api/v1/staff", headers=auth).json()["total"] == 1
