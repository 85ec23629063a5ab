"""Derived and proxy attributes: rules applied by hand-worked example, agreement counted."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from caseinspect.analysis.derive import DeriveFile, derive, load_rules
from caseinspect.cli import main
from caseinspect.errors import InputError
from factories import make_case_table

PROXY = """
derive:
  provider_proxy:
    rules:
      - value: NPS
        when:
          - {mappa_eligible: yes}
          - {rosh: [high, very_high]}
    otherwise: CRC
    compare_with: provider
"""


def rules(tmp_path: Path, text: str = PROXY) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    return path


def test_proxy_rule_and_agreement(tmp_path: Path) -> None:
    t = make_case_table(
        mappa_eligible=["yes", "no", "no", "no", "no", ""],
        rosh=["low", "high", "very_high", "medium", "low", "High"],
        provider=["NPS", "NPS", "CRC", "CRC", "CRC", "NPS"],
    )
    out, (agreement,) = derive(t, load_rules(rules(tmp_path)))
    assert out.frame["provider_proxy"].tolist() == ["NPS", "NPS", "NPS", "CRC", "CRC", "NPS"]
    assert "provider_proxy" in out.attributes
    # case 3 differs (proxy NPS, real CRC): 5 of 6 agree
    assert (agreement.n, agreement.agree, agreement.differ) == (6, 5, 1)
    assert agreement.pct_agree == pytest.approx(500 / 6)


def test_seed_003_agreement_on_synthetic_data() -> None:
    from caseinspect.casetable import synthetic_case_table

    t = synthetic_case_table(5000, seed=2)
    _, (agreement,) = derive(t, DeriveFile.model_validate({"derive": {"provider_proxy": {
        "rules": [{"value": "NPS", "when": [{"mappa_eligible": "yes"},
                                            {"rosh": ["high", "very_high"]}]}],
        "otherwise": "CRC", "compare_with": "provider"}}}))
    assert 90 < agreement.pct_agree < 97  # the bulletin found 94%


def test_bad_rules_name_what_is_wrong(tmp_path: Path) -> None:
    t = make_case_table(rosh=["low"])
    with pytest.raises(InputError, match="uses 'mappa_eligible', which is not an attribute"):
        derive(t, load_rules(rules(tmp_path)))
    with pytest.raises(InputError, match=r"derive\.x\.rules"):
        load_rules(rules(tmp_path, "derive:\n  x: {rules: []}\n"))


def test_derive_on_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "t.csv"
    data.write_text("case_id,rosh,mappa_eligible,provider,programme,pp1\n"
                    "A1,high,no,NPS,OMI2,yes\nA2,low,no,CRC,QI,no\nA3,low,yes,CRC,QI,yes\n")
    result = CliRunner().invoke(main, ["analyse", str(data), "--derive",
                                       str(rules(tmp_path)), "--by", "provider_proxy",
                                       "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["derived"][0]["differ"] == 1
    groups = {g["group"]: g["n"] for g in out["questions"][0]["by"]["provider_proxy"]}
    assert groups == {"NPS": 2, "CRC": 1}
    published = CliRunner().invoke(main, ["analyse", str(data), "--publish", "--json"])
    assert published.exit_code == 0
    assert json.loads(published.output)["questions"][0]["suppressed"] is True
