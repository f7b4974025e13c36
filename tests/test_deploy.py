"""Server chores: setting up a student's workbooks, private answer files, backing up every store."""
import os
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from sw_exercises import cli
import json

from sw_exercises.deploy import MARKER, PREVIOUS, WORKBOOKS_DIR, back_up_stores, set_up, set_up_workbooks
from sw_exercises.store import AnswerStore


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_klaarzetten_copies_every_workbook(tmp_path, capsys):
    assert cli.main(["klaarzetten", "--doel", str(tmp_path / "werkboeken")]) == 0
    names = sorted(p.name for p in (tmp_path / "werkboeken").iterdir() if p.name != ".werkboek")
    assert names == sorted(p.name for p in WORKBOOKS_DIR.glob("*.ipynb"))
    assert "01_sociale_afstand.ipynb" in names
    assert (tmp_path / "werkboeken" / "01_sociale_afstand.ipynb").read_bytes() == \
        (WORKBOOKS_DIR / "01_sociale_afstand.ipynb").read_bytes()
    assert f"{len(names)} nieuw" in capsys.readouterr().out


def test_klaarzetten_never_overwrites_and_restores_a_deleted_workbook(tmp_path):
    target = tmp_path / "werkboeken"
    set_up_workbooks(target)
    mine = target / "01_sociale_afstand.ipynb"
    mine.write_text("mijn eigen versie", encoding="utf-8")
    (target / "02_viervenstermodel.ipynb").unlink()
    (target / "03_zes_rollen.ipynb").unlink()
    (target / "03_zes_rollen.ipynb").symlink_to(tmp_path / "nergens")  # dangling: still not written through
    copied, kept = set_up_workbooks(target)
    assert [p.name for p in copied] == ["02_viervenstermodel.ipynb"]
    assert mine in kept
    assert mine.read_text(encoding="utf-8") == "mijn eigen versie"
    assert not (tmp_path / "nergens").exists()


def _old_version_of(target, name):
    """Make ``name`` in ``target`` an older copy that klaarzetten itself made (as after an update of
    the package): its bytes differ from the package's and the marker lists their hash."""
    import hashlib

    old = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    (target / name).write_bytes(old)
    marker = json.loads((target / MARKER).read_text())
    marker["workbooks"][name] = hashlib.sha256(old).hexdigest()
    (target / MARKER).write_text(json.dumps(marker))


def test_klaarzetten_updates_an_unchanged_old_copy_but_not_a_changed_one(tmp_path, capsys):
    target = tmp_path / "werkboeken"
    assert cli.main(["klaarzetten", "--doel", str(target)]) == 0
    _old_version_of(target, "02_viervenstermodel.ipynb")
    mine = target / "01_sociale_afstand.ipynb"
    mine.write_text("mijn eigen versie", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["klaarzetten", "--doel", str(target)]) == 0
    out, err = capsys.readouterr()
    assert (target / "02_viervenstermodel.ipynb").read_bytes() == (WORKBOOKS_DIR / "02_viervenstermodel.ipynb").read_bytes()
    assert "bijgewerkt" in out and "02_viervenstermodel.ipynb" in out
    assert mine.read_text(encoding="utf-8") == "mijn eigen versie"
    assert "01_sociale_afstand.ipynb" in err and "--overschrijven" in err and "Traceback" not in err
    assert not (target / PREVIOUS).exists()


def test_overschrijven_replaces_a_changed_workbook_and_keeps_the_old_one(tmp_path, capsys):
    target = tmp_path / "werkboeken"
    set_up(target)
    mine = target / "01_sociale_afstand.ipynb"
    mine.write_text("mijn eigen versie", encoding="utf-8")
    assert cli.main(["klaarzetten", "--doel", str(target), "--overschrijven"]) == 0
    out, err = capsys.readouterr()
    assert mine.read_bytes() == (WORKBOOKS_DIR / "01_sociale_afstand.ipynb").read_bytes()
    kept = list((target / PREVIOUS).glob("*/01_sociale_afstand.ipynb"))
    assert [k.read_text(encoding="utf-8") for k in kept] == ["mijn eigen versie"]
    assert _mode(kept[0].parent) == 0o700  # the student's own version stays private
    assert "vervangen" in out and str(kept[0].parent) in out and not err
    again = set_up(target)  # now as in the package: nothing more to do
    assert again.changed == [] and again.replaced == [] and again.copied == []


def test_a_set_up_folder_is_found_by_the_app(tmp_path):
    from sw_exercises.app import find_workbooks

    target = tmp_path / "werkboeken"
    set_up(target)
    (target / "sub").mkdir()
    assert find_workbooks(target / "sub") == target
    assert find_workbooks(target) == target


def test_klaarzetten_reports_an_unwritable_folder_in_dutch(tmp_path, capsys):
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    assert cli.main(["klaarzetten", "--doel", str(blocker / "werkboeken")]) == 2
    err = capsys.readouterr().err
    assert "konden niet" in err and "Traceback" not in err


def test_a_new_store_is_private(tmp_path):
    folder = tmp_path / "home" / "SociaalWerkboek" / "werkruimte"
    store = AnswerStore(folder / "antwoorden.sqlite3")
    store.save("wb", "x", "geheim")
    assert _mode(folder) == 0o700
    assert _mode(folder / "antwoorden.sqlite3") == 0o600
    assert _mode(folder / "antwoorden.sqlite3-wal") == 0o600  # SQLite copies the database's mode
    assert _mode(folder / "antwoorden.sqlite3-shm") == 0o600
    store.close()


def test_backup_copies_answers_still_in_the_wal(tmp_path, capsys):
    homes = tmp_path / "home"
    still_open = []  # kept referenced: a store that is garbage collected closes and checkpoints its WAL
    for user, answer in (("st1", "eerste"), ("st2", "tweede")):
        folder = homes / user / "SociaalWerkboek" / "werkruimte"
        still_open.append(AnswerStore(folder / "antwoorden.sqlite3"))
        still_open[-1].save("01_sociale_afstand", "r", answer)
    (homes / "zonder-werkboek").mkdir()
    wal = homes / "st1" / "SociaalWerkboek" / "werkruimte" / "antwoorden.sqlite3-wal"
    assert wal.stat().st_size > 0  # the answer is (also) in the WAL: a plain copy of the .sqlite3 misses it
    out = tmp_path / "backup"
    assert cli.main(["backup", "--homes", str(homes), "--uit", str(out)]) == 0
    assert "2 antwoordbestanden" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["st1", "st2"]
    for user, answer in (("st1", "eerste"), ("st2", "tweede")):
        copy = out / user / "antwoorden.sqlite3"
        assert _mode(copy) == 0o600 and _mode(out / user) == 0o700
        con = sqlite3.connect(copy)
        assert con.execute("SELECT value FROM revision").fetchall() == [(f'"{answer}"',)]
        con.close()
    assert AnswerStore(out / "st1" / "antwoorden.sqlite3").get("01_sociale_afstand", "r") == "eerste"


def test_backup_reports_a_store_it_cannot_read(tmp_path, capsys):
    folder = tmp_path / "home" / "st1" / "SociaalWerkboek" / "werkruimte"
    folder.mkdir(parents=True)
    (folder / "antwoorden.sqlite3").write_bytes(b"dit is geen database" * 10)
    done, failed = back_up_stores(tmp_path / "home", tmp_path / "backup")
    assert done == [] and failed and failed[0][0] == "st1"


# --- the deployment recipes in deploy/ ---------------------------------------------------------

ROOT = WORKBOOKS_DIR.parent


def test_tljh_config_starts_every_server_with_klaarzetten_and_the_handin_folder():
    from traitlets.config import Config

    c = Config()
    code = (ROOT / "deploy" / "tljh" / "sociaalwerkboek.py").read_text(encoding="utf-8")
    exec(compile(code, "sociaalwerkboek.py", "exec"), {"c": c})
    script = c.Spawner.cmd[2]
    assert c.Spawner.cmd[:2] == ["/bin/sh", "-c"]
    assert "werkboek klaarzetten" in script and script.rstrip().endswith('jupyterhub-singleuser "$@"')
    assert "exec " in script  # the single-user server replaces the shell, so the hub can stop it
    assert c.Spawner.environment["WERKBOEK_INLEVERMAP"].startswith("/")
    assert c.Spawner.environment["WERKBOEK_MAP"] == "~/SociaalWerkboek/werkruimte"  # in the own home


def test_tljh_install_script_is_valid_shell():
    import subprocess

    result = subprocess.run(["bash", "-n", str(ROOT / "deploy" / "tljh" / "install.sh")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_z2jh_values_set_limits_culling_workbooks_and_handin():
    import yaml

    values = yaml.safe_load((ROOT / "deploy" / "z2jh" / "values.yaml").read_text(encoding="utf-8"))
    single = values["singleuser"]
    assert "werkboek klaarzetten" in " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert single["extraEnv"]["WERKBOEK_INLEVERMAP"] == single["storage"]["extraVolumeMounts"][0]["mountPath"]
    assert "{username}" in single["storage"]["extraVolumeMounts"][0]["subPath"]  # students apart
    assert single["memory"]["guarantee"] and single["memory"]["limit"] and single["cpu"]["limit"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    compile(values["hub"]["extraConfig"]["werkboek-docenten"], "extraConfig", "exec")


def test_sudospawner_config_and_sudoers_rule_name_the_same_mediator():
    from traitlets.config import Config

    c = Config()
    code = (ROOT / "deploy" / "sudospawner" / "jupyterhub_config.py").read_text(encoding="utf-8")
    exec(compile(code, "jupyterhub_config.py", "exec"), {"get_config": lambda: c})
    assert c.JupyterHub.spawner_class == "sudospawner.SudoSpawner"
    assert c.Spawner.environment["WERKBOEK_MAP"] == "~/SociaalWerkboek/werkruimte"
    assert c.Spawner.environment["WERKBOEK_INLEVERMAP"].startswith("/")
    rules = [line.split() for line in (ROOT / "deploy" / "sudospawner" / "sudoers").read_text().splitlines()
             if line and not line.startswith("#")]
    commands = {words[1]: words[3] for words in rules if words[0] == "Cmnd_Alias"}
    assert list(commands.values()) == [c.SudoSpawner.sudospawner_path]  # exactly that one program
    assert any(words[-1] in commands and "NOPASSWD:" in words for words in rules)


def test_sudoers_rule_passes_visudo(tmp_path):
    visudo = shutil.which("visudo") or ("/usr/sbin/visudo" if Path("/usr/sbin/visudo").exists() else None)
    if visudo is None:
        pytest.skip("visudo ontbreekt (Debian-pakket sudo)")
    rule = tmp_path / "jupyterhub"
    shutil.copyfile(ROOT / "deploy" / "sudospawner" / "sudoers", rule)
    result = subprocess.run([visudo, "-cf", str(rule)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sudospawner_singleuser_sets_up_the_workbooks_then_becomes_the_server(tmp_path):
    """The script the mediator starts as the student, run with stand-ins for the two programs it calls."""
    import os
    if shutil.which("sh") is None:
        pytest.skip("geen POSIX-shell")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "sudospawner-singleuser"
    shutil.copyfile(ROOT / "deploy" / "sudospawner" / "sudospawner-singleuser", script)
    log = tmp_path / "log"
    for name in ("werkboek", "jupyterhub-singleuser"):
        (bin_dir / name).write_text(f'#!/bin/sh\necho "{name} $* $$" >> "{log}"\n')
    for path in bin_dir.iterdir():
        path.chmod(0o755)
    run = subprocess.Popen([str(script), "--port=8123", "--SingleUserNotebookApp.default_url=/lab"],
                           cwd=tmp_path, env=dict(os.environ, PATH="/usr/bin:/bin"))
    assert run.wait(30) == 0
    lines = log.read_text().splitlines()
    assert [line.rsplit(" ", 1)[0] for line in lines] == [
        "werkboek klaarzetten --stil", "jupyterhub-singleuser --port=8123 --SingleUserNotebookApp.default_url=/lab"]
    assert lines[1].rsplit(" ", 1)[1] == str(run.pid)  # exec: the server is the process sudospawner started
