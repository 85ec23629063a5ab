"""``caseinspect model`` and ``analyse --models`` from the command line."""

import json
from pathlib import Path

from click.testing import CliRunner

from caseinspect.casetable import synthetic_case_table, write_case_table
from caseinspect.cli import main


def data(tmp_path: Path) -> Path:
    return write_case_table(synthetic_case_table(1500, seed=11), tmp_path / "cases.parquet")


def test_analyse_models_json_has_exactly_the_fields(tmp_path: Path) -> None:
    path = data(tmp_path)
    result = CliRunner().invoke(main, ["analyse", str(path), "--framework",
                                       "hmip-public-protection-2018", "--models", "--vars",
                                       "programme", "--vars", "rosh", "--json"])
    assert result.exit_code == 0, result.output
    models = json.loads(result.output)["models"]
    assert [m["question"] for m in models] == [f"pp{i}" for i in range(1, 8)]
    for m in models:
        assert set(m) == {"question", "n", "steps", "selected", "loglik", "terms", "sentences"}
        assert set(m["selected"]) <= {"programme", "rosh"}
        assert len(m["sentences"]) == len(m["selected"])
        for step in m["steps"]:
            assert set(step) == {"action", "variable", "lr_chi2", "df", "p"}


def test_model_prints_readably(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["model", str(data(tmp_path)), "--question", "pp5"])
    assert result.exit_code == 0, result.output
    assert "forward stepwise logistic regression" in result.output
    assert "Final model: log-likelihood" in result.output


def test_model_bad_question_or_variable_exits_2(tmp_path: Path) -> None:
    path = data(tmp_path)
    bad_q = CliRunner().invoke(main, ["model", str(path), "--question", "pp99"])
    assert bad_q.exit_code == 2 and "no question 'pp99'" in bad_q.output
    bad_v = CliRunner().invoke(main, ["model", str(path), "--question", "pp5", "--vars", "team"])
    assert bad_v.exit_code == 2 and "no attribute column 'team'" in bad_v.output
