"""`sotay tally FILE.json [--json]`: the result of one round of an election, read from a JSON file.

It touches no database (no system checks, no queries), so a counting committee can run it on any laptop. Input:

    {"kind": "members" | "delegates", "seats": 5, "summoned": 30,
     "excluded": {"temporary_transfer": 2, "exempt_absent": 1, "suspended": 0, "absent_approved": 0},
     "candidates": ["Nguyễn Văn A", ...],
     "votes": {"Nguyễn Văn A": 24, ...}}

Instead of `votes`, `"ballots": [{"kept": [...], "issued": true}, ...]` (optionally `"issued": N`, the number of
ballots the counting committee handed out). With `votes`, an optional `"counts": {"issued", "returned", "valid",
"invalid"}` is checked for consistency and bounds the votes. For a delegates' congress only `absent_approved` applies.

Output with `--json`: base, threshold, elected (in order), rerun, vacant, ballots, votes per candidate with the
percentage of the base. Input that makes no sense is refused with a Vietnamese message and exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sotay.congresses import tally


def _error(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def parse(data: object) -> tally.Result:
    """The result for a decoded JSON document (raises TallyError on input that makes no sense)."""
    if not isinstance(data, dict):
        raise tally.TallyError(_("Tệp phải chứa một đối tượng JSON."))
    known = {"kind", "seats", "summoned", "excluded", "candidates", "votes", "ballots", "issued", "counts"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise tally.TallyError(_("Khóa không được hỗ trợ: %(keys)s.") % {"keys": ", ".join(unknown)})
    for key in ("kind", "seats", "summoned", "candidates"):
        if key not in data:
            raise tally.TallyError(_('Thiếu khóa "%(key)s".') % {"key": key})
    excluded = data.get("excluded") or {}
    if not isinstance(excluded, dict):
        raise tally.TallyError(_('"excluded" phải là một đối tượng {khoản trừ: số người}.'))
    candidates = data["candidates"]
    if not isinstance(candidates, list) or not all(isinstance(c, str) for c in candidates):
        raise tally.TallyError(_('"candidates" phải là danh sách họ tên.'))
    base = tally.compute_base(data["kind"], data["summoned"], excluded)
    seats = data["seats"]
    has_votes, has_ballots = "votes" in data, "ballots" in data
    if has_votes == has_ballots:
        raise tally.TallyError(
            _('Cần đúng một trong hai khóa "votes" (số phiếu từng người) hoặc "ballots" (từng phiếu).')
        )
    if has_votes:
        votes = data["votes"]
        if not isinstance(votes, dict):
            raise tally.TallyError(_('"votes" phải là một đối tượng {họ tên: số phiếu}.'))
        counts = None
        if "counts" in data:
            raw = data["counts"]
            if not isinstance(raw, dict) or set(raw) != {"issued", "returned", "valid", "invalid"}:
                raise tally.TallyError(_('"counts" phải có đủ issued, returned, valid, invalid.'))
            counts = tally.BallotCounts(**raw)
        return tally.tally_votes(base=base, seats=seats, candidates=candidates, votes=votes, counts=counts)
    raw_ballots = data["ballots"]
    if not isinstance(raw_ballots, list):
        raise tally.TallyError(_('"ballots" phải là danh sách phiếu.'))
    ballots = []
    for i, item in enumerate(raw_ballots, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("kept", None), list):
            raise tally.TallyError(_('Phiếu số %(n)d phải có "kept" là danh sách tên để lại.') % {"n": i})
        issued = item.get("issued", True)
        if not isinstance(issued, bool):
            raise tally.TallyError(_('Phiếu số %(n)d: "issued" phải là true hoặc false.') % {"n": i})
        if not all(isinstance(k, str) for k in item["kept"]):
            raise tally.TallyError(_("Phiếu số %(n)d có tên không phải chuỗi ký tự.") % {"n": i})
        ballots.append(tally.Ballot(tuple(item["kept"]), issued))
    return tally.tally_ballots(
        base=base, seats=seats, candidates=candidates, ballots=ballots, issued=data.get("issued")
    )


def as_json(result: tally.Result) -> dict:
    """The output object: base, threshold, elected, rerun, vacant, ballots, votes (with percent of the base)."""
    out = result.as_dict()
    if "ballots" not in out:
        out["ballots"] = None
    return out


def as_text(result: tally.Result) -> str:
    lines = []
    kind = _("Đại hội đảng viên") if result.base.kind == tally.MEMBERS else _("Đại hội đại biểu")
    lines.append(_("%(kind)s — số được triệu tập: %(n)d") % {"kind": kind, "n": result.base.summoned})
    for d in result.base.deductions:
        if d.count:
            lines.append(_("  trừ %(count)d: %(reason)s") % {"count": d.count, "reason": d.reason})
    lines.append(_("Số làm căn cứ tính kết quả: %(base)d") % {"base": result.base.value})
    lines.append(
        _("Trúng cử cần ít nhất %(t)d phiếu (quá nửa của %(base)d)")
        % {"t": result.threshold, "base": result.base.value}
    )
    if result.counts is not None:
        c = result.counts
        lines.append(
            _("Phiếu phát ra %(i)d, thu vào %(r)d, hợp lệ %(v)d, không hợp lệ %(x)d")
            % {"i": c.issued, "r": c.returned, "v": c.valid, "x": c.invalid}
        )
        for b in result.invalid_ballots:
            lines.append(_("  phiếu số %(n)d không hợp lệ: %(reason)s") % {"n": b.number, "reason": b.reason})
    lines.append("")
    for row in result.candidates:
        mark = "*" if row.name in result.elected else ("=" if row.name in result.rerun else " ")
        lines.append(f"{mark} {row.name}: {row.votes} ({str(row.percent).replace('.', ',')}%)")
    lines.append("")
    lines.append(_("Trúng cử: %(names)s") % {"names": ", ".join(result.elected) or "—"})
    if result.rerun:
        lines.append(_("Bằng phiếu ở vị trí cuối, cần bầu tiếp: %(names)s") % {"names": ", ".join(result.rerun)})
    if result.vacant:
        lines.append(_("Còn thiếu %(n)d người so với số lượng cần bầu.") % {"n": result.vacant})
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Tính kết quả bầu cử từ tệp JSON (không dùng cơ sở dữ liệu)."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp JSON của cuộc bầu ('-' là đầu vào chuẩn)")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args, **options):
        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise _error(_("Không đọc được tệp %(f)s: %(e)s") % {"f": name, "e": exc}) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _error(
                _("Tệp không phải JSON hợp lệ (dòng %(line)d): %(msg)s") % {"line": exc.lineno, "msg": exc.msg}
            ) from exc
        try:
            result = parse(data)
        except (tally.TallyError, TypeError) as exc:
            raise _error(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(as_json(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_text(result))
