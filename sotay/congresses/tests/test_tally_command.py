"""`sotay tally FILE.json [--json]`: output keys, Vietnamese refusals with exit code 2, and no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

ELECTION = {
    "kind": "members",
    "seats": 3,
    "summoned": 24,
    "excluded": {"temporary_transfer": 2, "exempt_absent": 1, "suspended": 0, "absent_approved": 1},
    "candidates": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"],
    "votes": {"Nguyễn Văn An": 18, "Trần Thị Bình": 15, "Lê Văn Cường": 11, "Phạm Thị Dung": 11},
}


def run(tmp_path, data, *args, database_url="postgres://nobody@127.0.0.1:1/unusable"):
    path = tmp_path / "election.json"
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "sotay.settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "sotay", "tally", str(path), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_json_output_with_an_unusable_database(tmp_path):
    done = run(tmp_path, ELECTION, "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["base"] == 20
    assert out["threshold"] == 11
    assert out["elected"] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert sorted(out["rerun"]) == ["Lê Văn Cường", "Phạm Thị Dung"]
    assert out["vacant"] == 1
    assert out["votes"]["Nguyễn Văn An"] == {"votes": 18, "percent": 90.0, "reached": True}


def test_ballots_instead_of_votes(tmp_path):
    data = {k: v for k, v in ELECTION.items() if k != "votes"}
    data["seats"] = 1
    data["summoned"] = 4
    data["excluded"] = {}
    data["ballots"] = [
        {"kept": ["Nguyễn Văn An"], "issued": True},
        {"kept": ["Nguyễn Văn An"], "issued": True},
        {"kept": [], "issued": True},
        {"kept": ["Nguyễn Văn An", "Trần Thị Bình"], "issued": True},
        {"kept": ["Trần Thị Bình"], "issued": False},
    ]
    done = run(tmp_path, data, "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["ballots"]["issued"] == 4
    assert out["ballots"]["valid"] == 3
    assert out["ballots"]["invalid"] == 2
    reasons = [b["reason"] for b in out["ballots"]["invalid_ballots"]]
    assert "nhiều hơn số lượng cần bầu" in reasons[0]
    assert "Ban kiểm phiếu" in reasons[1]
    assert out["threshold"] == 3 and out["elected"] == [] and out["vacant"] == 1


def test_text_output(tmp_path):
    done = run(tmp_path, ELECTION)
    assert done.returncode == 0, done.stderr
    assert "Số làm căn cứ tính kết quả: 20" in done.stdout
    assert "cần bầu tiếp" in done.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"summoned": 3}, "nhiều hơn số được triệu tập"),
        (
            {"votes": {"Nguyễn Văn An": 30}, "counts": {"issued": 20, "returned": 20, "valid": 19, "invalid": 1}},
            "nhiều hơn số phiếu hợp lệ",
        ),
        ({"votes": None, "ballots": [{"kept": ["Người Lạ"], "issued": True}]}, "không có trong danh sách"),
        ({"seats": 5}, "ít hơn số lượng cần bầu"),
        ({"kind": "delegates"}, "absent_approved"),
    ],
)
def test_nonsense_is_refused_in_vietnamese_with_exit_code_2(tmp_path, change, message):
    data = {**ELECTION, **change}
    data = {k: v for k, v in data.items() if v is not None}
    done = run(tmp_path, data, "--json")
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_broken_json_is_refused(tmp_path):
    done = run(tmp_path, "{not json")
    assert done.returncode == 2
    assert "JSON" in done.stderr
