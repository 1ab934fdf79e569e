"""The README's commands work as written: in a fresh checkout, after what `make run` does
before it serves, with no variables but PATH; and its deployment block passes its own check.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PASSWORD = "a-long-readme-password"


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.S)


def commands(block: str) -> list[str]:
    """The block's commands, with continuation lines joined and comment lines left out."""
    joined = block.replace("\\\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip() and line[0] != "#"]


def local_commands() -> list[str]:
    """Every `.venv/bin/python manage.py ...` line the README shows for a local checkout,
    and its Python examples (run as `.venv/bin/python -c`), in the README's order."""
    found = []
    for kind, block in re.findall(r"```(sh|python)\n(.*?)```", README, flags=re.S):
        if kind == "python":
            if block.startswith("import "):  # a whole script, not a one-line formula
                found.append(".venv/bin/python -c " + shlex.quote(block))
            continue
        found += [c for c in commands(block) if c.startswith(".venv/bin/python manage.py")]
    return found


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the files git would clone (committed or about to be), and the shared venv."""
    root = tmp_path_factory.mktemp("clone")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    (root / ".venv").symlink_to((ROOT / ".venv").resolve())
    return root


def sh(command: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess:
    # No DEBUG, SECRET_KEY or DATABASE_URL: what a new user's shell has. A new session has
    # no terminal, so getpass reads the password from stdin.
    env = {"PATH": os.environ["PATH"], "HOME": str(cwd)}
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,
    )


def test_readme_shows_the_local_commands_this_test_runs():
    shown = local_commands()
    assert any("createeditor alice" in c for c in shown)
    assert any("createeditor lena --lead" in c for c in shown)
    assert any("export_articles" in c for c in shown)
    assert any("import_articles" in c for c in shown)
    assert any(c.startswith(".venv/bin/python -c") for c in shown)  # Writing an import file


def test_readme_commands_work_in_a_fresh_checkout_without_variables(checkout):
    # What `make run` does before it serves: the local settings file, migrate, the demo.
    steps = ("make env", "manage.py migrate --noinput", "manage.py seed_demo")
    for step in (s if s.startswith("make") else f".venv/bin/python {s}" for s in steps):
        done = sh(step, checkout)
        assert done.returncode == 0, f"{step}: {done.stdout}{done.stderr}"
    assert "SECRET_KEY=" in (checkout / ".env").read_text()
    for command in local_commands():
        done = sh(command, checkout, stdin=f"{PASSWORD}\n{PASSWORD}\n")
        assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}"
        assert "Traceback" not in done.stderr, command
    created = sh(
        ".venv/bin/python manage.py shell -c "
        '"from django.contrib.auth.models import User; '
        "print(sorted(User.objects.values_list('username', flat=True)))\"",
        checkout,
    )
    assert "'alice'" in created.stdout and "'lena'" in created.stdout


def test_without_a_key_or_env_file_a_command_says_how_to_fix_it(checkout):
    done = sh("ANNOTATE_ENV_FILE= .venv/bin/python manage.py check", checkout)
    assert done.returncode != 0
    assert "make env" in done.stderr


def test_readme_deployment_block_passes_its_own_deploy_check():
    block = next(b for b in shell_blocks(README) if "check --deploy" in b)
    lines = commands(block)
    exports = [c for c in lines if c.startswith("export ")]
    check = next(c for c in lines if "check --deploy" in c)
    assert exports and "--fail-level WARNING" in check
    venv = (ROOT / ".venv" / "bin").resolve()
    # On the server `python` is the app's virtualenv; here, this checkout's.
    env = {"PATH": f"{venv}:{os.environ['PATH']}", "HOME": str(ROOT)}
    done = subprocess.run(
        ["bash", "-c", " && ".join([*exports, check])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
