"""former_ids: a renamed record keeps its old address. Validation of the field, beyond the golden
fixtures of E307 in test_validate.py."""

from __future__ import annotations

from conftest import VALID_FILES
from monitor.data.validate import validate_data

M = "data/measures/pilot-weerbare-wijken.yaml"


def diagnostics(project, former: str) -> list[str]:
    text = VALID_FILES[M].replace("kind: pilot", f"kind: pilot\n        former_ids: {former}")
    root = project({M: text})
    return [d.format() for d in validate_data(root / "data", root=root).diagnostics]


def test_valid_former_ids_pass(project) -> None:
    assert diagnostics(project, "[pilot-wijken, wijken-pilot-2019]") == []


def test_own_id_is_not_a_former_id(project) -> None:
    (message,) = diagnostics(project, "[pilot-weerbare-wijken]")
    assert "E307: vroeger id 'pilot-weerbare-wijken' is het id van dit record" in message


def test_former_id_is_kebab_case(project) -> None:
    (message,) = diagnostics(project, "[Pilot_Wijken]")
    assert message.startswith(
        f"{M}:4:14: fout E205: former_ids[0]: 'Pilot_Wijken' is geen geldig id"
    )


def test_same_id_in_another_kind_is_no_clash(project) -> None:
    # Motions live under moties/, measures under maatregelen/: the addresses differ.
    assert diagnostics(project, "[motie-jansen-wijkagenten]") == []
