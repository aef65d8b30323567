"""The README documents what the program really does."""

from __future__ import annotations

import re

from realtime.config import PROJECT_ROOT
from realtime.ui.bindings import help_lines
from realtime.ui.camera_ui import CAMERA_BINDINGS
from realtime.ui.pad_ui import PAD_BINDINGS

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_key_as_the_help_shows_it():
    for keys, action in help_lines(PAD_BINDINGS) + help_lines(CAMERA_BINDINGS):
        assert f"| `{keys}` | {action} |" in README


def test_readme_test_command_is_the_one_ci_runs():
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = 'python -m pip install -e ".[dev]" && python -m pytest'
    assert re.search(f"^{re.escape(test_command)}$", ci, re.MULTILINE), (
        "the test command in .ci/run changed: update the README too")
    assert f"```bash\n{test_command}\n```" in README


def test_readme_start_command_installs_and_starts_the_app():
    assert "```bash\npython -m pip install . && realtime-digits\n```" in README


def test_readme_layout_names_every_module_of_the_package():
    layout = README[README.index("## Layout") :]
    package = PROJECT_ROOT / "realtime"
    for module in sorted(package.rglob("*.py")):
        if module.name.startswith("__"):
            continue
        folder = module.parent.relative_to(package).as_posix()
        section = layout if folder == "." else layout[layout.index(f"  {folder}/") :]
        assert module.name in section, f"README's Layout misses realtime/{folder}/{module.name}"
