"""Schema: the JSON Schemas editors' IDEs use, generated from the pydantic models in `model`.

The models are the one source of truth; these files are derived and committed under
`data/schema/` so yaml-language-server can find them from a record's first line. A test keeps
the committed files equal to what this module generates. No file access here.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from .model import COVERAGE_FILE, RECORD_FOLDERS, VOCABULARY_FILES, CoverageDocument

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# file name in data/schema/ → (title, the type the file validates)
_SINGULAR = {
    "documents": "document",
    "measures": "measure",
    "motions": "motion",
    "commitments": "commitment",
}


def json_schemas() -> dict[str, str]:
    """`{file name: JSON text}` for every record kind and vocabulary."""
    out: dict[str, str] = {}
    for folder, model in RECORD_FOLDERS.items():
        name = _SINGULAR[folder]
        schema = model.model_json_schema()
        out[f"{name}.schema.json"] = _dump(schema, f"Monitor ondermijning: {name}")
    for file_name, model in VOCABULARY_FILES.items():
        name = file_name.removesuffix(".yaml")
        schema = TypeAdapter(list[model]).json_schema()  # type: ignore[valid-type]
        out[f"{name}.schema.json"] = _dump(schema, f"Monitor ondermijning: {name}")
    name = COVERAGE_FILE.removesuffix(".yaml")
    schema = TypeAdapter(list[CoverageDocument]).json_schema()
    out[f"{name}.schema.json"] = _dump(schema, f"Monitor ondermijning: {name}")
    return out


def _dump(schema: dict[str, Any], title: str) -> str:
    schema = {"$schema": SCHEMA_DIALECT, "title": title, **schema}
    if schema.get("type") == "object":
        schema.setdefault("additionalProperties", False)
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
