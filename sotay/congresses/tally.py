"""The counting committee's arithmetic, in plain Python (no database): the base, the threshold, ballot validity,
the result of a round, and the surplus rules.

Everything here is a pure function of its inputs, so the `sotay tally` command, the election pages and the
property tests all use the same code. Rules come from the election regulation in force on the day of the vote
(`rules_on`); see docs/rules/elections-and-congresses.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from sotay.lib.vntext import name_sort_key, nfc

MEMBERS = "members"
DELEGATES = "delegates"
KINDS = (MEMBERS, DELEGATES)


class TallyError(ValueError):
    """Input that makes no sense (more exclusions than people summoned, an unknown name…): refused as a whole."""


# -- the rules, as data ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElectionRules:
    """One version of the election regulation's numbers, with the document it comes from and its effective date.

    Shares are fractions of the seats (surplus) or of those present (floor nominees). `checked` is False where
    the numbers come from secondary sources only (shown as "cần đối chiếu").
    """

    source: str
    effective: date
    # Điều 14 (190-QĐ/TW): the convening committee's list carries a surplus of 10–15%.
    convening_surplus_min: Decimal = Decimal("0.10")
    convening_surplus_max: Decimal = Decimal("0.15")
    # The congress may take the list up to at most 30%.
    congress_surplus_max: Decimal = Decimal("0.30")
    # A nominee from the floor or a self-nominee needs approval of more than 30% of those present.
    floor_approval_share: Decimal = Decimal("0.30")
    # How a share of a small number of seats becomes a whole number of people (not stated in the sources found):
    # at least one extra candidate, and the lower bound never above the upper one.
    surplus_at_least_one: bool = True
    checked: bool = False
    article_surplus: str = "Điều 14"
    article_base: str = "Điều 32"
    article_ballots: str = "Điều 17"

    @property
    def status(self) -> str:
        return _("đã đối chiếu") if self.checked else _("cần đối chiếu")


RULES: tuple[ElectionRules, ...] = (
    # Quy chế bầu cử 244-QĐ/TW (09/6/2014): base in Điều 32 khoản 2–3, ballots in Điều 17 (checked against
    # published extracts of Điều 32).
    ElectionRules(source="244-QĐ/TW", effective=date(2014, 6, 9), article_surplus="Điều 11", checked=False),
    # Quy chế bầu cử 190-QĐ/TW (10/10/2024): surplus in Điều 14; the base and ballot articles as in 244
    # (cần đối chiếu: the full text was not found).
    ElectionRules(source="190-QĐ/TW", effective=date(2024, 10, 10), article_base="Điều 32 (244-QĐ/TW)"),
)


def rules_on(day: date | None = None) -> ElectionRules:
    """The rule version in force on `day` (today when None)."""
    day = day or date.today()
    current = [r for r in RULES if r.effective <= day]
    return max(current, key=lambda r: r.effective) if current else RULES[0]


# -- the base ----------------------------------------------------------------------------------------------------

# Each deduction, in the order the minutes list them, with the reason printed beside it.
DEDUCTIONS: dict[str, tuple[str, ...]] = {
    MEMBERS: ("temporary_transfer", "exempt_absent", "suspended", "absent_approved"),
    DELEGATES: ("absent_approved",),
}


def deduction_reason(code: str, kind: str) -> str:
    reasons = {
        "temporary_transfer": _("Đảng viên đang sinh hoạt tạm thời ở đảng bộ, chi bộ khác"),
        "exempt_absent": _("Đảng viên được miễn sinh hoạt đảng vắng mặt (có mặt và bỏ phiếu thì vẫn được tính)"),
        "suspended": _("Đảng viên đang bị đình chỉ sinh hoạt, bị truy tố, tạm giam"),
        "absent_approved": (
            _("Đảng viên vắng mặt suốt thời gian đại hội có lý do được cấp ủy triệu tập đồng ý")
            if kind == MEMBERS
            else _("Đại biểu vắng mặt suốt thời gian đại hội có lý do được cấp ủy triệu tập đồng ý")
        ),
    }
    return reasons[code]


@dataclass(frozen=True)
class Deduction:
    code: str
    count: int
    reason: str


@dataclass(frozen=True)
class Base:
    """The number of members or delegates counted as the base of the result, with each deduction."""

    kind: str
    summoned: int
    deductions: tuple[Deduction, ...]

    @property
    def value(self) -> int:
        return self.summoned - sum(d.count for d in self.deductions)

    @property
    def threshold(self) -> int:
        return threshold(self.value)


def threshold(base: int) -> int:
    """The smallest number of votes that is more than half of `base` (base 20 → 11, base 21 → 11)."""
    if base < 0:
        raise TallyError(_("Số được tính làm căn cứ không thể âm."))
    return base // 2 + 1


def _count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TallyError(_("%(what)s phải là số nguyên.") % {"what": what})
    if value < 0:
        raise TallyError(_("%(what)s không được âm.") % {"what": what})
    return value


def compute_base(kind: str, summoned: int, excluded: Mapping[str, int] | None = None) -> Base:
    """The base of a members' or delegates' congress: those summoned minus the deductions the regulation allows.

    For a delegates' congress only `absent_approved` applies; any other deduction is refused.
    """
    if kind not in KINDS:
        raise TallyError(_('Loại đại hội phải là "members" (đại hội đảng viên) hoặc "delegates" (đại hội đại biểu).'))
    summoned = _count(summoned, _("Số được triệu tập"))
    excluded = dict(excluded or {})
    allowed = DEDUCTIONS[kind]
    unknown = [code for code, n in excluded.items() if code not in allowed and n]
    if unknown:
        if kind == DELEGATES:
            raise TallyError(
                _(
                    "Đại hội đại biểu chỉ trừ đại biểu vắng mặt suốt đại hội có lý do được chấp nhận "
                    "(absent_approved); "
                    "không trừ: %(codes)s."
                )
                % {"codes": ", ".join(sorted(unknown))}
            )
        raise TallyError(_("Khoản trừ không có trong quy chế: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    deductions = tuple(
        Deduction(code, _count(excluded.get(code, 0), code), deduction_reason(code, kind)) for code in allowed
    )
    total = sum(d.count for d in deductions)
    if total > summoned:
        raise TallyError(
            _("Số trừ ra (%(excluded)d) nhiều hơn số được triệu tập (%(summoned)d).")
            % {"excluded": total, "summoned": summoned}
        )
    return Base(kind=kind, summoned=summoned, deductions=deductions)


# -- ballots -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ballot:
    """One ballot from the box: the names left uncrossed, and whether the counting committee issued it."""

    kept: tuple[str, ...]
    issued: bool = True


@dataclass(frozen=True)
class BallotCheck:
    number: int  # 1-based, in the order entered
    valid: bool
    reason: str = ""


def check_ballot(ballot: Ballot, *, seats: int, candidates: Sequence[str], number: int = 1) -> BallotCheck:
    """Validity under the ballot article (244-QĐ/TW Điều 17, kept by 190-QĐ/TW): a ballot not issued by the counting
    committee, or keeping more names than seats, is invalid; a ballot with every name crossed out is valid.

    A name not on the list, or kept twice, is an input error (the ballots were printed from the list)."""
    known = set(candidates)
    seen: set[str] = set()
    for name in ballot.kept:
        if name not in known:
            raise TallyError(
                _("Phiếu số %(n)d có tên không có trong danh sách bầu cử: %(name)s.") % {"n": number, "name": name}
            )
        if name in seen:
            raise TallyError(_("Phiếu số %(n)d ghi tên %(name)s hai lần.") % {"n": number, "name": name})
        seen.add(name)
    if not ballot.issued:
        return BallotCheck(number, False, _("Phiếu không do Ban kiểm phiếu phát ra"))
    if len(ballot.kept) > seats:
        return BallotCheck(
            number,
            False,
            _("Phiếu để lại %(kept)d tên, nhiều hơn số lượng cần bầu (%(seats)d)")
            % {"kept": len(ballot.kept), "seats": seats},
        )
    return BallotCheck(number, True)


@dataclass(frozen=True)
class BallotCounts:
    """Ballots issued by the counting committee, returned (collected from the box), valid and invalid."""

    issued: int
    returned: int
    valid: int
    invalid: int

    def problems(self, *, unissued_in_box: bool = False) -> list[str]:
        """What does not add up. Ballots not issued by the committee may turn up in the box (they are invalid), so
        more returned than issued is refused only when none were found (`unissued_in_box`)."""
        out = []
        if self.valid + self.invalid != self.returned:
            out.append(
                _(
                    "Số phiếu hợp lệ (%(valid)d) cộng không hợp lệ (%(invalid)d) phải bằng số phiếu thu vào "
                    "(%(returned)d)."
                )
                % {"valid": self.valid, "invalid": self.invalid, "returned": self.returned}
            )
        if self.returned > self.issued and not unissued_in_box:
            out.append(
                _("Số phiếu thu vào (%(returned)d) nhiều hơn số phiếu phát ra (%(issued)d).")
                % {"returned": self.returned, "issued": self.issued}
            )
        return out


# -- the result of one round -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateResult:
    name: str
    votes: int
    percent: Decimal  # of the base, two decimals
    reached: bool  # more than half of the base


@dataclass(frozen=True)
class Result:
    base: Base
    seats: int
    candidates: tuple[CandidateResult, ...]  # descending votes, then the Vietnamese alphabet
    elected: tuple[str, ...]
    rerun: tuple[str, ...]  # tied at the cut-off: a further round decides among them
    vacant: int  # seats not filled in this round (the tied seats included)
    counts: BallotCounts | None = None
    invalid_ballots: tuple[BallotCheck, ...] = ()

    @property
    def threshold(self) -> int:
        return self.base.threshold

    def as_dict(self) -> dict:
        data = {
            "kind": self.base.kind,
            "summoned": self.base.summoned,
            "deductions": [{"code": d.code, "count": d.count, "reason": d.reason} for d in self.base.deductions],
            "base": self.base.value,
            "threshold": self.threshold,
            "seats": self.seats,
            "elected": list(self.elected),
            "rerun": list(self.rerun),
            "vacant": self.vacant,
            "votes": {
                c.name: {"votes": c.votes, "percent": float(c.percent), "reached": c.reached} for c in self.candidates
            },
        }
        if self.counts is not None:
            data["ballots"] = {
                "issued": self.counts.issued,
                "returned": self.counts.returned,
                "valid": self.counts.valid,
                "invalid": self.counts.invalid,
                "invalid_ballots": [{"number": b.number, "reason": b.reason} for b in self.invalid_ballots],
            }
        return data


def ordered_votes(result: Mapping) -> list[tuple[str, dict]]:
    """A stored result's votes, most first, ties in Vietnamese alphabetical order. The stored dict's own order is not
    kept by PostgreSQL's jsonb (it sorts keys), so every reader orders them here."""
    votes = result.get("votes") or {}
    return sorted(votes.items(), key=lambda item: (-item[1]["votes"], name_sort_key(item[0])))


def percent_of(votes: int, base: int) -> Decimal:
    if base <= 0:
        return Decimal("0.00")
    return (Decimal(votes) * 100 / Decimal(base)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _check_candidates(candidates: Sequence[str], seats: int) -> list[str]:
    seats = _count(seats, _("Số lượng cần bầu"))
    if seats < 1:
        raise TallyError(_("Số lượng cần bầu phải ít nhất là 1."))
    names = [nfc(c).strip() for c in candidates]
    if any(not n for n in names):
        raise TallyError(_("Danh sách bầu cử có tên để trống."))
    if len(set(names)) != len(names):
        raise TallyError(_("Danh sách bầu cử có tên trùng nhau; ghi thêm năm sinh hoặc chức vụ để phân biệt."))
    if len(names) < seats:
        raise TallyError(
            _("Danh sách có %(n)d người, ít hơn số lượng cần bầu (%(seats)d).") % {"n": len(names), "seats": seats}
        )
    return names


def decide(base: Base, seats: int, votes: Mapping[str, int], candidates: Sequence[str]) -> tuple:
    """Elected, rerun and vacant seats from the votes: those above the threshold in descending order up to the
    seats; when the last seat falls among candidates with equal votes, none of them is elected and they are listed
    for a further round (the software never picks among them)."""
    limit = base.threshold
    order = sorted(candidates, key=lambda n: (-votes[n], name_sort_key(n)))
    above = [n for n in order if votes[n] >= limit]
    if len(above) <= seats:
        elected, rerun = above, []
    else:
        cut = votes[above[seats - 1]]
        if votes[above[seats]] == cut:
            elected = [n for n in above if votes[n] > cut]
            rerun = [n for n in above if votes[n] == cut]
        else:
            elected, rerun = above[:seats], []
    return order, tuple(elected), tuple(rerun), seats - len(elected)


def tally_votes(
    *,
    base: Base,
    seats: int,
    candidates: Sequence[str],
    votes: Mapping[str, int],
    counts: BallotCounts | None = None,
) -> Result:
    """The result of a round counted by totals per candidate."""
    names = _check_candidates(candidates, seats)
    clean: dict[str, int] = {}
    for raw, n in votes.items():
        name = nfc(raw).strip()
        if name not in names:
            raise TallyError(_("Có số phiếu cho người không có trong danh sách: %(name)s.") % {"name": name})
        clean[name] = _count(n, _("Số phiếu của %(name)s") % {"name": name})
    for name in names:
        clean.setdefault(name, 0)
    if counts is not None:
        for label, value in (
            (_("Số phiếu phát ra"), counts.issued),
            (_("Số phiếu thu vào"), counts.returned),
            (_("Số phiếu hợp lệ"), counts.valid),
            (_("Số phiếu không hợp lệ"), counts.invalid),
        ):
            _count(value, label)
        problems = counts.problems()
        if problems:
            raise TallyError(" ".join(problems))
        ceiling = counts.valid
        over = [n for n in names if clean[n] > ceiling]
        if over:
            raise TallyError(
                _("Số phiếu của %(name)s (%(votes)d) nhiều hơn số phiếu hợp lệ (%(valid)d).")
                % {"name": over[0], "votes": clean[over[0]], "valid": ceiling}
            )
        if sum(clean.values()) > ceiling * seats:
            raise TallyError(
                _("Tổng số phiếu bầu (%(total)d) vượt quá số phiếu hợp lệ nhân số lượng cần bầu (%(max)d).")
                % {"total": sum(clean.values()), "max": ceiling * seats}
            )
    else:
        over = [n for n in names if clean[n] > base.summoned]
        if over:
            raise TallyError(
                _("Số phiếu của %(name)s (%(votes)d) nhiều hơn số người được triệu tập (%(summoned)d).")
                % {"name": over[0], "votes": clean[over[0]], "summoned": base.summoned}
            )
    order, elected, rerun, vacant = decide(base, seats, clean, names)
    rows = tuple(
        CandidateResult(n, clean[n], percent_of(clean[n], base.value), clean[n] >= base.threshold) for n in order
    )
    return Result(base=base, seats=seats, candidates=rows, elected=elected, rerun=rerun, vacant=vacant, counts=counts)


def tally_ballots(
    *,
    base: Base,
    seats: int,
    candidates: Sequence[str],
    ballots: Iterable[Ballot],
    issued: int | None = None,
) -> Result:
    """The result of a round counted ballot by ballot. `issued` is the number of ballots the counting committee
    handed out (when known); the ballots it issued that came back can never be more."""
    names = _check_candidates(candidates, seats)
    checks: list[BallotCheck] = []
    votes = dict.fromkeys(names, 0)
    ballots = [Ballot(tuple(nfc(k).strip() for k in b.kept), b.issued) for b in ballots]
    for i, ballot in enumerate(ballots, start=1):
        check = check_ballot(ballot, seats=seats, candidates=names, number=i)
        checks.append(check)
        if check.valid:
            for name in ballot.kept:
                votes[name] += 1
    from_committee = sum(1 for b in ballots if b.issued)
    if issued is None:
        issued = from_committee
    else:
        issued = _count(issued, _("Số phiếu phát ra"))
        if from_committee > issued:
            raise TallyError(
                _(
                    "Có %(back)d phiếu do Ban kiểm phiếu phát ra trong thùng phiếu, nhiều hơn số phiếu đã phát "
                    "(%(issued)d)."
                )
                % {"back": from_committee, "issued": issued}
            )
    valid = sum(1 for c in checks if c.valid)
    counts = BallotCounts(issued=issued, returned=len(ballots), valid=valid, invalid=len(ballots) - valid)
    order, elected, rerun, vacant = decide(base, seats, votes, names)
    rows = tuple(
        CandidateResult(n, votes[n], percent_of(votes[n], base.value), votes[n] >= base.threshold) for n in order
    )
    return Result(
        base=base,
        seats=seats,
        candidates=rows,
        elected=elected,
        rerun=rerun,
        vacant=vacant,
        counts=counts,
        invalid_ballots=tuple(c for c in checks if not c.valid),
    )


# -- the surplus rules -------------------------------------------------------------------------------------------

CONVENING = "convening"  # the list the convening committee prepares
CONGRESS = "congress"  # the list the congress approves (with nominees from the floor)


@dataclass(frozen=True)
class Finding:
    code: str
    ok: bool
    message: str


@dataclass(frozen=True)
class SurplusBounds:
    least: int
    most: int


def surplus_bounds(seats: int, stage: str, rules: ElectionRules) -> SurplusBounds:
    """The whole numbers of extra candidates the rule allows for `seats` seats at `stage`."""
    if stage == CONVENING:
        least = math.ceil(Decimal(seats) * rules.convening_surplus_min)
        most = math.floor(Decimal(seats) * rules.convening_surplus_max)
    else:
        least = 0
        most = math.floor(Decimal(seats) * rules.congress_surplus_max)
    if rules.surplus_at_least_one:
        least = max(least, 1) if stage == CONVENING else least
        most = max(most, 1)
    most = max(most, least)
    return SurplusBounds(least, most)


def check_surplus(
    *, seats: int, candidates: int, stage: str, rules: ElectionRules | None = None, surplus_required: bool = True
) -> list[Finding]:
    """Whether a list of `candidates` for `seats` seats meets the surplus rule at `stage` (messages name the rule)."""
    rules = rules or rules_on()
    where = f"{rules.source} {rules.article_surplus}"
    surplus = candidates - seats
    findings: list[Finding] = []
    if surplus < 0:
        findings.append(
            Finding(
                "too_few",
                False,
                _("Danh sách có %(n)d người, ít hơn số lượng cần bầu (%(seats)d).") % {"n": candidates, "seats": seats},
            )
        )
        return findings
    if not surplus_required:
        return findings
    bounds = surplus_bounds(seats, stage, rules)
    pct = percent_of(surplus, seats)
    if stage == CONVENING:
        ok = bounds.least <= surplus <= bounds.most
        findings.append(
            Finding(
                "convening_surplus",
                ok,
                _(
                    "Danh sách cấp ủy triệu tập chuẩn bị: số dư %(surplus)d người (%(pct)s%%); quy định số dư "
                    "%(lo)s–%(hi)s%%, tức %(least)d–%(most)d người cho %(seats)d người cần bầu (%(where)s)."
                )
                % {
                    "surplus": surplus,
                    "pct": pct,
                    "lo": int(rules.convening_surplus_min * 100),
                    "hi": int(rules.convening_surplus_max * 100),
                    "least": bounds.least,
                    "most": bounds.most,
                    "seats": seats,
                    "where": where,
                },
            )
        )
    else:
        ok = surplus <= bounds.most
        findings.append(
            Finding(
                "congress_surplus",
                ok,
                _(
                    "Danh sách đại hội biểu quyết: số dư %(surplus)d người (%(pct)s%%); quy định số dư không quá "
                    "%(hi)s%%, tức tối đa %(most)d người cho %(seats)d người cần bầu (%(where)s)."
                )
                % {
                    "surplus": surplus,
                    "pct": pct,
                    "hi": int(rules.congress_surplus_max * 100),
                    "most": bounds.most,
                    "seats": seats,
                    "where": where,
                },
            )
        )
    return findings


def floor_nominee_approved(*, approvals: int, present: int, rules: ElectionRules | None = None) -> Finding:
    """A nominee from the floor, or a self-nominee, goes on the list only with approval of more than 30% of those
    present (190-QĐ/TW Điều 14)."""
    rules = rules or rules_on()
    approvals = _count(approvals, _("Số người đồng ý"))
    present = _count(present, _("Số người có mặt"))
    if approvals > present:
        raise TallyError(
            _("Số người đồng ý (%(a)d) nhiều hơn số người có mặt (%(p)d).") % {"a": approvals, "p": present}
        )
    ok = Decimal(approvals) > Decimal(present) * rules.floor_approval_share
    return Finding(
        "floor_nominee",
        ok,
        _(
            "Người ứng cử, được đề cử tại đại hội: %(a)d/%(p)d người có mặt đồng ý (%(pct)s%%); cần trên %(share)s%% "
            "(%(where)s)."
        )
        % {
            "a": approvals,
            "p": present,
            "pct": percent_of(approvals, present),
            "share": int(rules.floor_approval_share * 100),
            "where": f"{rules.source} {rules.article_surplus}",
        },
    )


@dataclass
class ListCheck:
    """All the surplus findings for a list (the convening list plus the nominees the congress added)."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def problems(self) -> list[str]:
        return [f.message for f in self.findings if not f.ok]
