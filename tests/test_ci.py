"""The GitHub Actions workflow runs what `.ci/run` runs, and a release tag adds the external link
check and the publication; the CI script checks the built site's links."""

from __future__ import annotations

from ruamel.yaml import YAML

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def load() -> dict:
    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job["steps"]


def test_the_workflow_runs_on_pull_requests_main_and_release_tags() -> None:
    triggers = load()["on"]
    assert "pull_request" in triggers
    assert triggers["push"] == {"branches": ["main"], "tags": ["v*"]}


def test_every_run_does_what_ci_run_does_with_annotations_on_pull_requests() -> None:
    check = steps(load()["jobs"]["check"])
    runs = [s.get("run", "") for s in check]
    assert "bash .ci/run" in runs
    annotate = next(s for s in check if "--format github" in s.get("run", ""))
    assert (
        "--changed" in annotate["run"] and annotate["if"] == "github.event_name == 'pull_request'"
    )
    seeds = next(s for s in check if s.get("with", {}).get("path") == "shared")
    assert seeds["with"]["repository"] == "${{ vars.SEEDS_REPOSITORY }}"


def test_a_release_tag_checks_external_links_and_publishes() -> None:
    jobs = load()["jobs"]
    tagged = [
        s for s in steps(jobs["check"]) if s.get("if") == "startsWith(github.ref, 'refs/tags/v')"
    ]
    assert any(s.get("run") == "make linkcheck EXTERNAL=1" for s in tagged)
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in tagged)
    publish = jobs["publish"]
    assert publish["needs"] == "check"
    assert publish["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}


def test_ci_checks_the_links_right_after_building() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("make site") + 1] == "make linkcheck"


def test_the_sites_address_comes_from_a_repository_variable_read_by_mkdocs_yml() -> None:
    """Not written into the repository: the public address is the maintainers' to set."""
    assert load()["env"]["SITE_URL"] == "${{ vars.SITE_URL }}"
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nsite_url: !ENV [SITE_URL, null]\n" in config
