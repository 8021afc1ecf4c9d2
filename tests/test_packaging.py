"""The distribution: a licence, links, one version, and a source distribution that tests itself.

The metadata is read from the installed distribution (what pip and PyPI
show), built from pyproject.toml. The sdist is built as a release would build
it, unpacked, and a quick part of its own suite runs from it, against its own
copy of the package.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
from importlib import metadata
from pathlib import Path

import pytest

import booking_reconcile
from booking_reconcile.cli import main

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = metadata.metadata("booking_reconcile")


def test_the_licence_is_mit_as_an_spdx_expression_with_its_file() -> None:
    assert DISTRIBUTION["License-Expression"] == "MIT"
    assert "LICENSE" in (DISTRIBUTION.get_all("License-File") or [])
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_the_project_links_home_docs_source_issues_and_changelog() -> None:
    links = dict(url.split(", ", 1) for url in DISTRIBUTION.get_all("Project-URL") or [])
    assert sorted(links) == ["Changelog", "Documentation", "Homepage", "Issues", "Source"]
    assert all(link.startswith("https://") for link in links.values())


@pytest.mark.parametrize(
    "classifier",
    [
        "Development Status :: 4 - Beta",
        "Intended Audience :: Developers",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Topic :: Office/Business :: Financial :: Accounting",
        "Typing :: Typed",
    ],
)
def test_the_classifiers_say_status_pythons_audience_topic_and_typing(classifier: str) -> None:
    assert classifier in (DISTRIBUTION.get_all("Classifier") or [])


def test_the_version_has_one_source(capsys: pytest.CaptureFixture[str]) -> None:
    version = metadata.version("booking_reconcile")
    assert booking_reconcile.__version__ == version
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"booking-reconcile {version}\n"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'\nversion = "{version}"\n' in pyproject
    written = [
        path.relative_to(ROOT)
        for path in (ROOT / "src").rglob("*.py")
        if re.search(rf"['\"]{re.escape(version)}['\"]", path.read_text(encoding="utf-8"))
    ]
    assert written == [], "the version is written only in pyproject.toml"


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source distribution, built without isolation (this environment's setuptools)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    (archive,) = out.glob("booking_reconcile-*.tar.gz")
    return archive


#: What the sdist's own suite needs, besides the package.
CARRIED = [
    "LICENSE",
    "CHANGELOG.md",
    "README.md",
    "mkdocs.yml",
    "pyproject.toml",
    "MANIFEST.in",
    "src/booking_reconcile/py.typed",
    "src/booking_reconcile/schemas/snapshot.schema.json",
    "src/booking_reconcile/schemas/plan.schema.json",
    "tests/builders.py",
    "tests/strategies.py",
    "tests/test_examples.py",
    "docs/cli.md",
    "docs/recipes.md",
    "docs/notebook.ipynb",
    "examples/README.md",
    "examples/article/snapshot.json",
    "benchmarks/run.py",
]


@pytest.mark.slow
def test_the_sdist_carries_the_tests_their_data_docs_examples_and_licence(sdist: Path) -> None:
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    missing = [name for name in CARRIED if name not in names]
    assert missing == []
    assert any(name.startswith("tests/data/") for name in names)
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


@pytest.mark.slow
def test_the_sdist_runs_part_of_its_own_suite(sdist: Path, tmp_path: Path) -> None:
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    (unpacked,) = tmp_path.iterdir()
    # The sdist's own package, ahead of the installed one.
    env = {**os.environ, "PYTHONPATH": str(unpacked / "src")}

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *argv],
            cwd=unpacked,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    where = run("-c", "import booking_reconcile; print(booking_reconcile.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(unpacked)
    quick = [
        "tests/test_examples.py",
        "tests/test_worked_examples.py",
        "tests/test_serialize.py",
        "docs/recipes.md",
        "docs/errors.md",
        "docs/schemas.md",
    ]
    result = run("-m", "pytest", "-q", "-p", "no:cacheprovider", *quick)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b\d{2,} passed\b", result.stdout)
    assert " failed" not in result.stdout
