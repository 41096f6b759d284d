"""The `marketplace` console command on a database without a schema: it says so and how to fix it,
except for help and the commands that create (db upgrade, demo) or do not need the schema."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

MARKETPLACE = Path(sys.executable).parent / "marketplace"


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}",
           "MARKETPLACE_INSTANCE": str(tmp_path)}

    def _run(*args):
        return subprocess.run([str(MARKETPLACE), *args], env=env, capture_output=True, text=True, timeout=120)

    return _run


def test_commands_on_a_database_without_schema_say_how_to_fix_it(run):
    for args in (["match", "--sme", "ds-01"], ["report", "contracts", "--from", "2026-01-01",
                                                "--to", "2026-12-31", "--by", "sector"]):
        result = run(*args)
        assert result.returncode == 1, result
        assert "chưa có lược đồ" in result.stderr and "marketplace db upgrade" in result.stderr


def test_help_needs_no_database(run):
    for args in (["match", "--help"], ["report", "contracts", "--help"]):
        result = run(*args)
        assert result.returncode == 0 and result.stdout.startswith("Usage: marketplace"), result


def test_after_db_upgrade_commands_run(run):
    assert run("db", "upgrade").returncode == 0
    result = run("match", "--sme", "khong-co")
    assert "lược đồ" not in result.stderr


def test_demo_on_a_new_machine_creates_the_schema_and_loads_the_demo(run):
    result = run("demo")
    assert result.returncode == 0, result.stderr
    assert "canbo@demo.vn" in result.stdout and "Đã công bố ấn bản danh mục số 1" in result.stdout
