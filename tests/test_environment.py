"""pyproject.toml and environment.yml install the same packages with the same version ranges."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _norm(spec: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", spec)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_pyproject_and_environment_yml_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_norm(s) for s in project["dependencies"] + project["optional-dependencies"]["test"])
    conda = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"  - ([^\s:]+.*)$", line)
        if in_deps and m and not m.group(1).startswith(("python=", "pip")):
            name, spec = _norm(m.group(1))
            conda[name] = spec
        # packages that conda-forge lacks come from PyPI in the pip section (``      - name>=x``)
        m = re.match(r"      - ([A-Za-z0-9_.\-]+.*)$", line)
        if in_deps and m and not m.group(1).startswith("-"):
            name, spec = _norm(m.group(1))
            conda[name] = spec
    assert conda == wanted
    assert "- -e ." in (ROOT / "environment.yml").read_text()
    assert "python=3.11" in (ROOT / "environment.yml").read_text()
