"""train_cnn.py end to end on a small subset: files, card, pointer, evaluation, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from realtime.config import PROJECT_ROOT
from realtime.model.versions import current_version, read_card
from realtime.training.options import MODES, parse_args


def _run(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "train_cnn.py", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def trained(tmp_path_factory, mnist):
    models = tmp_path_factory.mktemp("models")
    # two pens a pendigits digit (the default is four): the tiny run's other writers stay a
    # small enough share for two short epochs to learn MNIST visibly
    result = _run("--limit", "1500", "--epochs", "2", "--batch-size", "64",
                  "--pen-variants", "2", "--models-dir", str(models),
                  "--checkpoint-dir", str(tmp_path_factory.mktemp("checkpoints")))
    assert result.returncode == 0, result.stderr[-3000:]
    return models, result


@pytest.mark.slow
def test_quick_run_writes_a_version_its_export_card_and_pointer(trained):
    models, result = trained
    assert (models / "current").read_text().strip() == "digits_v1"
    for suffix in (".keras", ".tflite", ".views.tflite", ".json", ".confusion.png",
                   ".curves.png"):
        assert (models / f"digits_v1{suffix}").stat().st_size > 0
    card = json.loads((models / "digits_v1.json").read_text())
    # the curves' numbers are in the card, one per epoch
    assert card["files"]["curves"] == "digits_v1.curves.png"
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(card["history"])
    assert all(len(values) == 2 for values in card["history"].values())
    assert card["command"].startswith("python train_cnn.py --limit 1500")
    data = card["data"]
    assert data["mnist"]["fit"] == 1350 and data["mnist"]["validation"] == 150
    assert data["mnist"]["licence"].startswith("CC BY-SA 3.0")
    # other writers: a share of pendigits writers 1-25 like the MNIST share, two pens each
    pen = data["pendigits"]
    assert pen["licence"].startswith("CC BY 4.0") and pen["held_out_writers"] == [26, 27, 28,
                                                                                   29, 30]
    assert pen["variants"] == 2 and pen["images"] == 2 * pen["digits"]
    assert 100 < pen["digits"] < 300
    assert data["marks"]["images"] == 250 and "marks.py" in data["marks"]["licence"]
    assert card["epochs_run"] == 2 and 1 <= card["best_epoch"] <= 2
    # it learned (chance is 0.1); two short epochs of the small default model reach ~0.45
    assert 0.3 < card["test_accuracy"] <= 1 and card["train_seconds"] > 0
    assert 0.3 < card["test_accuracy_one_look"] <= 1  # the model alone, no second look
    assert "MNIST test accuracy" in result.stdout
    assert "Epoch 1/2" in result.stdout


@pytest.mark.slow
def test_evaluate_prints_accuracy_report_and_writes_the_matrix(trained, tmp_path):
    models, _ = trained
    png = tmp_path / "cm.png"
    result = _run("--evaluate", "--models-dir", str(models), "--confusion", str(png))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "MNIST test accuracy:" in result.stdout
    assert "precision" in result.stdout and "recall" in result.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the version's card records what was measured, as read and by the model alone
    card = json.loads((models / "digits_v1.json").read_text())
    assert f"MNIST test accuracy: {card['test_accuracy']:.4%}" in result.stdout
    assert f"without the second look at unsure digits: {card['test_accuracy_one_look']:.4%}" \
        in result.stdout
    assert card["evaluated"].startswith("20") and "recorded in digits_v1's card" in result.stdout
    assert f"{card['test_accuracy']:.2%} ({card['test_accuracy_one_look']:.2%})" in \
        (models / "README.md").read_text()


@pytest.mark.slow
def test_a_second_run_adds_a_version_and_keeps_the_first(trained, tmp_path):
    models, _ = trained
    result = _run("--limit", "500", "--epochs", "1", "--models-dir", str(models),
                  "--checkpoint-dir", str(tmp_path), "--no-switch", "--no-augment")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (models / "digits_v2.tflite").exists() and (models / "digits_v1.tflite").exists()
    assert (models / "current").read_text().strip() == "digits_v1"


@pytest.mark.slow
def test_export_views_gives_an_older_version_its_insides(trained, tmp_path):
    import shutil

    from realtime.model.inside import InsideModel

    models, _ = trained
    for name in ("digits_v1.keras", "digits_v1.tflite", "current"):
        shutil.copy(models / name, tmp_path / name)  # a version without the export
    assert InsideModel(tmp_path / "digits_v1.tflite").missing
    result = _run("--export-views", "--models-dir", str(tmp_path), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("digits_v1.views.tflite")
    inside = InsideModel(tmp_path / "digits_v1.tflite")
    assert [m.shape for m in inside.look(np.zeros((28, 28), np.uint8)).maps] == [
        (24, 24, 16), (10, 10, 32)]


def test_help_documents_every_option():
    result = _run("--help", timeout=60)
    for option in ("--data", "--evaluate", "--epochs", "--seed", "--limit", "--models-dir",
                   "--patience", "--batch-size", "--no-augment", "--model", "--confusion",
                   "--pendigits", "--pen-variants", "--marks", "--replay-marks",
                   "--export-views"):
        assert option in result.stdout


@pytest.mark.parametrize("args", [["--data", "/nonexistent/mnist.npz"],
                                  ["--evaluate", "--model", "/nonexistent/m.tflite"]])
def test_bad_paths_are_one_line_errors(args):
    result = _run(*args, timeout=120)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("train_cnn.py: error:")


def test_missing_or_bad_pendigits_is_a_one_line_error(mnist, tmp_path):
    truncated = tmp_path / "pendigits.tra"
    truncated.write_text('.SEGMENT DIGIT 0 ? "8"\n.COMMENT 8 12 1\n.PEN_DOWN\n1 2\n')
    for path, words in ((tmp_path / "missing.tra", "pendigits not found; tried"),
                        (truncated, "truncated")):
        result = _run("--pendigits", str(path), "--limit", "500", "--epochs", "1",
                      "--models-dir", str(tmp_path / "models"), timeout=300)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("train_cnn.py: error:"), lines
        assert words in lines[0] and str(path) in lines[0]
        assert not (tmp_path / "models").exists()


def test_without_tensorflow_it_says_how_to_install_the_training_extra():
    hide = ("import sys; sys.modules['tensorflow'] = None; sys.modules['keras'] = None; "
            "import train_cnn; sys.exit(train_cnn.main(['--limit', '100']))")
    result = subprocess.run([sys.executable, "-c", hide], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        'train_cnn.py: error: train_cnn.py needs TensorFlow and Keras, which the app does '
        'not: install them with  python -m pip install -e ".[train]"']


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_is_a_subcommand_that_equals_its_flag(mode, tmp_path):
    common = ["--models-dir", str(tmp_path), "--seed", "7"]
    flag = [] if mode == "train" else [f"--{mode}"]
    assert vars(parse_args([mode, *common])) == vars(parse_args([*flag, *common]))
    assert parse_args([*common, mode]).mode == mode  # options may come first


def test_without_a_mode_it_trains_and_two_modes_are_refused(capsys):
    assert parse_args([]).mode == "train" and not parse_args([]).list
    assert parse_args(["list", "--list"]).list
    for argv in (["list", "--rollback"], ["train", "--evaluate"], ["list", "evaluate"]):
        with pytest.raises(SystemExit) as raised:
            parse_args(argv)
        assert raised.value.code == 2
    assert "train_cnn.py: error:" in capsys.readouterr().err


def test_list_and_rollback_subcommands_print_what_their_flags_print(models):
    listing = _run("list", "--models-dir", str(models), timeout=120)
    assert listing.returncode == 0, listing.stderr[-2000:]
    assert listing.stdout == _run("--list", "--models-dir", str(models), timeout=120).stdout
    assert "* current" in listing.stdout
    for form in ("rollback", "--rollback"):  # the shipped version alone: nothing to go back to
        result = _run(form, "--models-dir", str(models), timeout=120)
        assert result.returncode == 2 and "oldest model version" in result.stderr


def test_the_shipped_model_is_what_the_documented_command_makes():
    # the README's `python train_cnn.py`, with today's defaults, made the current version
    # (or the version a user's fine-tunes started from): a changed default would leave the
    # shipped model one that the command no longer makes
    card = read_card(current_version())
    while card.get("parent"):
        card = read_card(card["parent"])
    defaults = parse_args([])
    assert card["command"] == "python train_cnn.py"
    assert card["seed"] == defaults.seed
    assert card["filters"] == list(defaults.filters)
    assert card["data"]["pendigits"]["variants"] == defaults.pen_variants
    assert card["data"]["marks"]["images"] == defaults.marks
