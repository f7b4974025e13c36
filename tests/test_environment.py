"""pyproject.toml and the conda files install the same packages with the same version ranges:
environment.yml what a student needs (the dependencies), environment-test.yml the test tools (the
extra `test`)."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# conda-forge names that differ from the PyPI name
CONDA_NAMES = {"python-fastjsonschema": "fastjsonschema"}


def _norm(spec: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", spec)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def conda_packages(name: str) -> dict[str, str]:
    """Package -> version range in a conda environment file (conda and pip sections alike)."""
    conda = {}
    in_deps = False
    for line in (ROOT / name).read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"  - ([^\s:]+.*)$", line)
        if in_deps and m and not m.group(1).startswith(("python=", "pip")):
            package, spec = _norm(m.group(1))
            conda[CONDA_NAMES.get(package, package)] = spec
        # packages that conda-forge lacks come from PyPI in the pip section (``      - name>=x``)
        m = re.match(r"      - ([A-Za-z0-9_.\-]+.*)$", line)
        if in_deps and m and not m.group(1).startswith("-"):
            package, spec = _norm(m.group(1))
            conda[package] = spec
    return conda


def test_environment_yml_has_what_a_student_needs_as_pyproject_says():
    assert conda_packages("environment.yml") == dict(_norm(s) for s in PROJECT["dependencies"])
    text = (ROOT / "environment.yml").read_text()
    assert "- -e ." in text
    assert "python=3.11" in text


def test_environment_test_yml_has_the_test_tools_as_pyproject_says():
    assert conda_packages("environment-test.yml") == dict(_norm(s) for s in PROJECT["optional-dependencies"]["test"])
    student = (ROOT / "environment.yml").read_text()
    name = re.search(r"^name: (\S+)", student, re.M).group(1)
    assert re.search(rf"^name: {name}$", (ROOT / "environment-test.yml").read_text(), re.M), \
        "environment-test.yml adds to the student environment"
    assert "-e ." not in (ROOT / "environment-test.yml").read_text()


def test_no_test_tool_in_the_student_environment():
    tools = {_norm(s)[0] for s in PROJECT["optional-dependencies"]["test"]}
    assert not tools & set(conda_packages("environment.yml"))


def test_license_is_an_spdx_expression():
    """setuptools ≥ 77 warns on every install about a TOML table `license`."""
    assert isinstance(PROJECT["license"], str)
    from packaging.requirements import Requirement

    build = [Requirement(r) for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]]
    setuptools = next(r for r in build if r.name == "setuptools")
    assert not setuptools.specifier.contains("76.1") and setuptools.specifier.contains("77.0"), \
        "an SPDX license string needs setuptools >= 77"
