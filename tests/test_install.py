"""The package as a user installs it: a wheel in a fresh virtual environment, run from
outside the checkout, finds its shipped model and keeps the user's files in their home."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import cv2
import pytest

from realtime.config import PROJECT_ROOT
from tests.helpers import written_page

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A wheel built from the checkout, installed in a new environment (the runtime
    packages come from this one: --system-site-packages, --no-deps, nothing downloaded)."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"  # a copy: building writes build/ and egg-info beside the code
    shutil.copytree(PROJECT_ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "build", "*.egg-info", "checkpoints", "__pycache__", "*.keras", ".*cache"))
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", root / "wheel", source, cwd=root)
    venv.create(root / "env", system_site_packages=True, with_pip=True)
    python = root / "env" / "bin" / "python"
    wheel = next((root / "wheel").glob("realtime_digits-*.whl"))
    _run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=root)
    home = root / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "REALTIME_DIGITS_HOME", "XDG_DATA_HOME")}
    env["HOME"] = str(home)
    return root, python, env


def test_the_command_reads_a_picture_from_outside_the_checkout(installed):
    root, python, env = installed
    picture, truths = written_page(["305 17"])
    cv2.imwrite(str(root / "page.png"), picture)
    command = root / "env" / "bin" / "realtime-digits"
    result = _run(command, "--image", "page.png", cwd=root, env=env)
    assert result.stdout.strip().splitlines()[-1] == "read: 305 17"
    shown = _run(command, "--help", cwd=root, env=env).stdout
    assert shown.startswith("usage: realtime-digits") and "--source" in shown


def test_the_installed_package_carries_its_model_and_keeps_files_in_the_home(installed):
    root, python, env = installed
    code = ("import json, sys, realtime, realtime.config as c; r = realtime.Recognizer(); "
            "print(json.dumps([realtime.__file__, str(c.MODELS_DIR), str(r.model_path), "
            "str(c.SAMPLES_DIR), str(c.DRAWINGS_DIR), 'tensorflow' in sys.modules]))")
    package, models, model, samples, drawings, tensorflow = json.loads(
        _run(python, "-c", code, cwd=root, env=env).stdout)
    assert Path(package).is_relative_to(root / "env")  # not the checkout
    assert Path(model).parent == Path(models) and Path(models).is_relative_to(root / "env")
    current = (PROJECT_ROOT / "models" / "current").read_text().strip()
    assert Path(model).name == f"{current}.tflite"
    data = Path(env["HOME"]) / ".local" / "share" / "realtime-digits"
    assert (Path(samples), Path(drawings)) == (data / "samples", data / "drawings")
    assert not tensorflow
    # REALTIME_DIGITS_HOME moves them
    moved = _run(python, "-c", "import realtime.config as c; print(c.SAMPLES_DIR)", cwd=root,
                 env={**env, "REALTIME_DIGITS_HOME": str(root / "mine")}).stdout.strip()
    assert Path(moved) == root / "mine" / "samples"


def test_the_install_needs_no_tensorflow_and_pins_what_requirements_pins():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    runtime = project["dependencies"]
    assert not any(name.startswith(("tensorflow", "keras")) for name in runtime)
    pinned = [line.strip() for line in (PROJECT_ROOT / "requirements.txt").read_text()
              .splitlines() if line.strip() and not line.startswith("#")]
    assert sorted(pinned) == sorted(runtime)
    assert any(name.startswith("tensorflow") for name in project["optional-dependencies"]["train"])
    assert project["scripts"]["realtime-digits"] == "realtime.cli:console_main"
