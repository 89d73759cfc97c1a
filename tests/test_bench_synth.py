"""The benchmark's synthetic data is valid: every record, link and quote passes validation."""

from __future__ import annotations

from pathlib import Path

from bench.synth import generate_project
from monitor.data.validate import validate_data


def test_generated_dataset_validates_with_zero_diagnostics(tmp_path: Path) -> None:
    root = tmp_path / "project"
    counts = generate_project(root, 50)
    result = validate_data(root / "data", root=root, sources_dir=root / "sources")
    assert result.diagnostics == []
    ds = result.dataset
    assert ds is not None
    assert len(ds.measures) == counts["measures"] == 50
    assert len(ds.motions) == counts["motions"] > 0
    assert len(ds.commitments) == counts["commitments"] > 0
    # Links between records exist, so the pages that list them are exercised too.
    assert any(m.parent for m in ds.measures.values())
    assert any(m.related_measures for m in ds.measures.values())
    assert any(len(m.status_history) > 1 for m in ds.measures.values())


def test_generation_is_deterministic(tmp_path: Path) -> None:
    generate_project(tmp_path / "a", 20, seed=3)
    generate_project(tmp_path / "b", 20, seed=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_the_stock_comparison_project_reads_the_sites_config(tmp_path: Path) -> None:
    """The stock mkdocs-material project the benchmark compares with is made from the site's own
    mkdocs.yml (with its `!ENV` tag) and keeps no monitor plugin, no overrides and no unset
    site_url."""
    from ruamel.yaml import YAML

    from bench.run import plain_project

    root = tmp_path / "project"
    generate_project(root, 5)
    config = YAML(typ="safe").load(plain_project(root, {"x.md": "# X\n"}).read_text("utf-8"))
    assert config["docs_dir"] == "docs" and "custom_dir" not in config["theme"]
    assert "site_url" not in config
    assert all("monitor" not in str(p) for p in config["plugins"])
    assert (root / "plain" / "docs" / "x.md").is_file()
