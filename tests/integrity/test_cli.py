"""The commands: `fraud scan` (the spec's JSON, on SQLite and PostgreSQL), `eval-fraud` on a generated
labelled set, and `bench fraud`'s guard and figures."""

import json

import pytest

from integrity import bench
from integrity.cli import bench_fraud, eval_fraud_command, fraud_group
from integrity.synthetic import generate
from tests.integrity.builders import contract, load, sme


def _scan(app, *args):
    return app.test_cli_runner().invoke(fraud_group, ["scan", *args])


def test_scan_prints_every_deal_with_a_signal_highest_score_first(app, session):
    load(
        session,
        [sme("s-1", phone="0912345678"), sme("s-2"), sme("s-3")],
        [
            contract("c-1", "s-1", value_vnd=13_000_000),
            contract("c-2", "s-2", value_vnd=10_000_000),
            contract("c-3", "s-3"),
        ],
    )
    session.commit()
    result = _scan(app, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "contract_id": "c-1",
            "score": 0.943,
            "signals": ["related_party", "price_above_list"],
            "reasons": [
                "Cùng số điện thoại 0912 345 678 với nhà cung cấp",
                "Giá trị hợp đồng 13.000.000 ₫, gấp 2,2 lần giá niêm yết 6.000.000 ₫ cho 12 tháng",
            ],
        },
        {
            "contract_id": "c-2",
            "score": 0.356,
            "signals": ["price_above_list"],
            "reasons": ["Giá trị hợp đồng 10.000.000 ₫, gấp 1,7 lần giá niêm yết 6.000.000 ₫ cho 12 tháng"],
        },
    ]
    readable = _scan(app)
    assert readable.exit_code == 0 and "3 hợp đồng; 2 có dấu hiệu, 1 được gắn cờ" in readable.output


def test_scan_of_a_period_and_bad_periods(app, session):
    load(session, [sme("s-1", phone="0912345678")], [contract("c-1", "s-1")])
    session.commit()
    assert json.loads(_scan(app, "--from", "2026-04-01", "--to", "2026-12-31", "--json").output) == []
    assert len(json.loads(_scan(app, "--from", "2026-03-02", "--to", "2026-03-02", "--json").output)) == 1
    for args, message in (
        (["--from", "2026-13-01", "--to", "2026-12-31"], "--from: Ngày '2026-13-01' không hợp lệ"),
        (["--from", "2026-03-01"], "--to: Thiếu ngày"),
        (["--from", "2026-05-01", "--to", "2026-04-01"], "--to: Ngày kết thúc phải sau"),
    ):
        result = _scan(app, *args, "--json")
        assert result.exit_code == 1 and message in result.output, result.output


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_eval_fraud_on_a_generated_set_reaches_the_goal(app, tmp_path):
    path = tmp_path / "set.json"
    path.write_text(
        json.dumps(generate(seed=11, scale=3, background=200), ensure_ascii=False), encoding="utf-8"
    )
    result = app.test_cli_runner().invoke(eval_fraud_command, [str(path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["abusive"] >= 30 and figures["precision"] >= 0.9 and figures["recall"] >= 0.9, figures
    assert set(figures["by_pattern"]) == {
        "related_party",
        "price_above_list",
        "quick_termination",
        "vendor_burst",
        "split_contract",
    }
    assert sum(row["flagged"] for row in figures["near_misses"].values()) <= 2, figures["near_misses"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_eval_fraud_refuses_a_file_without_labels_or_a_missing_file(app, tmp_path):
    path = tmp_path / "plain.json"
    path.write_text(json.dumps({"format": "sme-catalog/1", "contracts": []}), encoding="utf-8")
    result = app.test_cli_runner().invoke(eval_fraud_command, [str(path)])
    assert result.exit_code == 1 and "thiếu danh sách integrity_labels" in result.output
    result = app.test_cli_runner().invoke(eval_fraud_command, [str(tmp_path / "missing.json")])
    assert result.exit_code == 1 and "dùng --generate để sinh" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "sme-catalog/1",
                "contracts": [{"id": "c-1"}],
                "integrity_labels": [{"contract_id": "c-1", "abuse": True}],
            }
        ),
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(eval_fraud_command, [str(bad)])
    assert result.exit_code == 1 and "tệp không nhập được" in result.output


def test_bench_refuses_the_marketplaces_database_and_one_with_real_contracts(app, session):
    own = app.test_cli_runner().invoke(
        bench_fraud, ["--contracts", "10", "--database-url", app.config["DATABASE_URL"]]
    )
    assert own.exit_code == 1 and "cơ sở dữ liệu của sàn" in own.output
    load(session, [sme("s-1")], [contract("c-1", "s-1")])
    session.commit()
    with pytest.raises(bench.NotScratch):
        bench.run(app.config["DATABASE_URL"], 10)  # reached under another name: still refused


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_bench_fills_a_scratch_database_and_scans_it(app, tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    result = app.test_cli_runner().invoke(
        bench_fraud, ["--contracts", "3000", "--database-url", url, "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["contracts"] == 3000 and figures["database"] == "sqlite"
    assert figures["findings"] >= figures["flagged"] > 0
    assert {"scan_seconds", "load_seconds", "check_seconds", "store_seconds", "rescan_seconds"} <= set(
        figures
    )
    again = app.test_cli_runner().invoke(
        bench_fraud, ["--contracts", "3000", "--database-url", url, "--reuse", "--json"]
    )
    assert json.loads(again.output)["fill_seconds"] is None
