"""Every function that writes takes the actor (issue 12 §1, docs/decisions/0005-actor.md) — not only those of modules
named services. The walk reads the source of every module under sotay/ (migrations, tests and management commands
excepted: a command builds its own `Actor.system`) and finds the module-level functions that write:

- directly: an ORM `.save()`, `.create(…)`, `.bulk_create/bulk_update/get_or_create/update_or_create(…)`,
  `bulk.insert(…)`/`bulk.insert_rows(…)` (sotay.lib.bulk), a queryset's `.update(…)`/`.delete()`, or an object's
  `.delete()`;
- or through a writer that takes no actor: a private helper (`_x`) anywhere, or a function of the same module.

A call to a function that takes `actor` is the service boundary: that function is held to the rules itself.
Each public writer must take a keyword-only `actor: Actor`, check permission (through the actor or policy), run in a
transaction and write the audit log — or be named below with the reason it does not. Methods of classes (model
`save()`, form `save()`, admin actions) are not walked: they are called from the functions that are.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import sotay

ROOT = Path(sotay.__file__).parent
WRITES = {"save", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
QUERYSET_HINTS = {"objects", "_default_manager", "filter", "exclude", "all", "select_for_update"}
PERMISSION_ATTRS = {"require", "can", "own_user", "require_own", "person", "sees", "subtree_q"}

# -- writers that take no actor, each with its reason ------------------------------------------------------------
_INTERNAL = "an internal step, called only from services that take the actor, check it, and audit"
_WORKER = "a background step of the worker (no user acts); it writes derived or delivery rows, not records of people"
_DEMO = "the demo generator: bulk-writes synthetic data into an empty database (`sotay demo`), never from a request"
_BENCH = "a benchmark script, run by `make bench` on a throwaway database"
NO_ACTOR: dict[str, dict[str, str]] = {
    "sotay.accounts.activation": {
        "activate": "the activation by code itself: the person is not signed in yet (the code is the credential); "
        "audited inside",
        "issue": _INTERNAL + " (members.accounts: create_accounts, reset_password)",
    },
    "sotay.accounts.security": {
        "new_recovery_codes": "the signed-in user's own second factor (sudo-mode view); no one acts for another",
        "start_enrolment": "the signed-in user's own second factor (sudo-mode view); no one acts for another",
    },
    "sotay.api.tokens": {"authenticate": "stamps a token's last use while authenticating, before there is an actor"},
    "sotay.audit.log": {
        "log": "the audit log itself (writes AuditEntry for the service that acted)",
        "log_many": "the audit log itself (writes AuditEntry for the service that acted)",
    },
    "sotay.lib.bulk": {
        "insert": "the app's bulk_create (docs/decisions/0013-bulk-insert.md): the writers that call it are held to "
        "the rules",
    },
    "sotay.benchmarks.national": {"child_generate": _BENCH, "finish": _BENCH, "resnapshot": _BENCH, "main": _BENCH},
    "sotay.benchmarks.p2": {"child_main": _BENCH, "child_raw": _BENCH},
    "sotay.benchmarks.p3": {"child_main": _BENCH, "child_run": _BENCH},
    "sotay.core.config": {"bump": "the settings-cache stamp; written in the transaction of the service that saved"},
    "sotay.core.health": {"beat": "the worker's heartbeat row", "heartbeat_loop": "the worker's heartbeat row"},
    "sotay.core.periodic": {"run_due": "the scheduler: records which periodic task ran; the task's services act"},
    "sotay.core.tokens": {"record": _INTERNAL + " (the idempotency token of a submitted form)"},
    "sotay.demo.generator.congresses": {"add_demo_congresses": _DEMO},
    "sotay.demo.generator.handbook": {"add_demo_handbook": _DEMO},
    "sotay.demo.generator.writer": {"generate": _DEMO, "write_plan": _DEMO},
    "sotay.documents.search": {"index_item": "the search index (derived rows)", "reindex": "the search index"},
    "sotay.documents.services": {
        "record_citations": _INTERNAL + " (derived citation rows of a saved text)",
        "relink_citations": _INTERNAL + " (derived citation rows)",
    },
    "sotay.handbook.services": {
        "fan_out_announcement": _INTERNAL + " (receipts and notifications of a published announcement)",
        "fan_out_study": _INTERNAL + " (study records of an assigned session)",
    },
    "sotay.imports.leases": {
        "beat": "the import worker's lease on its batch",
        "finish": "the import worker's lease on its batch",
        "recover_stalled": "returns batches whose worker died to the queue (the lease, not the data)",
    },
    "sotay.meetings.ical": {
        "feed_for": "the signed-in user's own calendar-feed token",
        "reset_feed": "the signed-in user's own calendar-feed token",
    },
    "sotay.meetings.services": {"default_agenda": _INTERNAL + " (create_meeting)"},
    "sotay.members.accounts": {"follow_move": _INTERNAL + " (move_members: accounts follow their members)"},
    "sotay.members.counts": {"rebuild": "the statistics counts (derived rows); `stats-verify` and benchmarks"},
    "sotay.members.snapshots": {
        "build": "the statistics snapshots (derived rows): the daily task, `stats-verify --fix`, demo and benchmarks",
        "dropped_by_move": _INTERNAL + " (a tree move drops the snapshots it makes stale)",
        "rebuild": "the statistics snapshots (derived rows): `stats-verify --fix` and the daily task",
        "refresh": _WORKER,
    },
    "sotay.members.newcomers": {"register": _INTERNAL + " (create_member, imports, demo: the member invariants)"},
    "sotay.members.party_age": {"refresh_party_age_from": _INTERNAL + " (a derived column, after a gap is recorded)"},
    "sotay.members.periods": {
        "backfill": "the membership periods (derived rows) of members that predate them",
        "change": _INTERNAL + " (membership periods follow a status or cell change)",
        "open_first": _INTERNAL + " (the first period of a new member)",
    },
    "sotay.notifications.delivery": {"deliver": _WORKER, "retry_due": _WORKER, "send_push": _WORKER},
    "sotay.notifications.services": {"notify": _INTERNAL + " (the notification fan-out of the service that acted)"},
    "sotay.orgs.services": {
        "end_organization": _INTERNAL + " (merge, split, dissolve)",
        "link_event": _INTERNAL + " (every reorganisation)",
    },
    "sotay.web.stamps": {
        "bump": "the per-user page-cache stamp",
        "current": "the per-user page-cache stamp",
        "current_for": "the per-user page-cache stamp",
    },
    # Oversight flags written by the daily tasks (a missed month, a base cell below its size). Not yet re-signed to
    # take Actor.system("worker:…") as the deadline reminders were — follow-up of issue 12.
}

# -- writers that take the actor but leave one rule to someone else, with the reason --------------------------------
_OWN = "the user's own row (a read mark, a position, a visit): own_user() is the check; not audited, by design"
_CALLER_TX = "writes inside the caller's transaction (documented 'call inside a transaction')"
_REMINDER = "notifications only; the claim on the row (reminded_on, ReminderSent) records that it went out"
EXCEPTIONS: dict[str, dict[str, dict[str, str]]] = {
    "sotay.admissions.reminders": {"send_deadline_reminders": {"audit": _REMINDER}},
    "sotay.inspection.reminders": {"send_due_reminders": {"audit": _REMINDER}},
    "sotay.verification.reminders": {"send_overdue_reminders": {"audit": _REMINDER}},
    "sotay.accounts.security": {"confirm_enrolment": {"permission": "the user's own device, fetched by owner"}},
    "sotay.congresses.services": {"enter_ballot": {"audit": "ballots are secret: the count is audited, not entries"}},
    "sotay.documents.services": {
        "record_library_visit": {"transaction": _OWN, "audit": _OWN},
        "save_reading_position": {"transaction": _OWN, "audit": _OWN},
    },
    "sotay.handbook.services": {
        "mark_announcement_read": {"transaction": _OWN, "audit": _OWN},
        "record_for": {"transaction": _OWN, "audit": _OWN},
    },
    "sotay.imports.services": {
        "request_apply": {"audit": "queues the apply; the apply itself is audited per member"},
        "run_preview": {"transaction": "the preview writes only the batch's own rows, step by step", "audit": "idem"},
    },
    "sotay.meetings.checkin": {
        "complete_attendance": {"transaction": _CALLER_TX, "audit": "the closing of check-in is audited by caller"}
    },
    "sotay.meetings.services": {
        "request_absence": {"permission": "the member's own invitation, fetched by owner"},
        "respond": {"permission": "the member's own invitation, fetched by owner"},
        "send_reminders": {"audit": "notifications only; the invitations they remind of were audited"},
    },
    "sotay.members.accounts": {
        "follow_member": {"permission": _INTERNAL, "transaction": _CALLER_TX},
    },
    "sotay.members.services": {
        "move_members": {"transaction": _CALLER_TX, "audit": "one MemberChange history row per member instead"},
    },
    "sotay.notifications.services": {
        "mark_all_read": {"transaction": _OWN, "audit": _OWN},
        "mark_read": {"transaction": _OWN, "audit": _OWN},
        "mark_read_for_url": {"transaction": _OWN, "audit": _OWN},
    },
    "sotay.rules.calendar": {
        "remove_calendar_day": {"permission": "checked by the staff-only admin and command that call it"},
        "set_calendar_day": {"permission": "checked by the staff-only admin and command that call it"},
    },
}


# -- the walk -------------------------------------------------------------------------------------------------------
def _module_name(path: Path) -> str:
    return "sotay." + ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _skipped(path: Path) -> bool:
    return any(part in ("migrations", "tests", "commands") for part in path.relative_to(ROOT).parts)


def _writes_directly(fn: ast.AST) -> bool:
    for node in ast.walk(fn):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        attr = node.func.attr
        if attr in ("save", "create") and node.args:
            continue  # a workbook or a document saved to a buffer; an ORM create() takes keywords only
        if attr in WRITES:
            return True
        if attr in ("insert", "insert_rows") and isinstance(node.func.value, ast.Name) and node.func.value.id == "bulk":
            return True  # sotay.lib.bulk.insert: the app's bulk_create (docs/decisions/0013-bulk-insert.md)
        receiver = {n.attr for n in ast.walk(node.func.value) if isinstance(n, ast.Attribute)}
        if attr in ("update", "delete") and receiver & QUERYSET_HINTS:
            return True
        if attr == "delete" and not node.args and not node.keywords:
            return True
    return False


def _imports(tree: ast.Module, module: str, is_package: bool) -> dict[str, tuple[str, str | None]]:
    names: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            for alias in node.names:
                names[alias.asname or alias.name] = (base, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (alias.name, None)
    return names


def _takes_actor(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(a.arg == "actor" for a in fn.args.args + fn.args.kwonlyargs)


def _actor_is_required_keyword(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    args = fn.args
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        if arg.arg == "actor":
            return default is None and arg.annotation is not None and ast.unparse(arg.annotation) == "Actor"
    return False


def _own_marks(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[bool]:
    """[checks permission, runs in a transaction, writes the audit log], from this function's own body."""
    transaction = any("atomic" in ast.unparse(d) for d in fn.decorator_list)
    permission = audit = False
    for node in ast.walk(fn):
        if isinstance(node, ast.With) and "atomic" in ast.unparse(node):
            transaction = True
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "actor":
            permission = permission or node.attr in PERMISSION_ATTRS
        if isinstance(node, ast.Call):
            called = ast.unparse(node.func)
            permission = permission or called.startswith(("policy.", "require_all", "_require", "_check"))
            audit = audit or called.split(".")[-1] in ("log", "log_many", "export_response")
    return [permission, transaction, audit]


@cache
def survey() -> tuple[dict, set, dict]:
    """(functions by (module, name), writers, [permission, transaction, audit] marks by function)."""
    trees = {}
    for path in sorted(ROOT.rglob("*.py")):
        if not _skipped(path):
            trees[_module_name(path)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    funcs = {
        (module, node.name): node
        for module, (_path, tree) in trees.items()
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    calls: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for module, (path, tree) in trees.items():
        imported = _imports(tree, module, path.name == "__init__.py")
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            out = set()
            for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
                func = call.func
                if isinstance(func, ast.Name):
                    if (module, func.id) in funcs:
                        out.add((module, func.id))
                    elif func.id in imported and imported[func.id][1] and imported[func.id] in funcs:
                        out.add(imported[func.id])  # type: ignore[arg-type]
                elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in imported:
                    base, name = imported[func.value.id]
                    target = (f"{base}.{name}" if name else base, func.attr)
                    if target in funcs:
                        out.add(target)
            calls[(module, node.name)] = out
    writers = {key for key, fn in funcs.items() if _writes_directly(fn)}
    changed = True
    while changed:
        changed = False
        for key, out in calls.items():
            if key not in writers and any(
                o in writers and not _takes_actor(funcs[o]) and (o[1].startswith("_") or o[0] == key[0]) for o in out
            ):
                writers.add(key)
                changed = True
    marks = {key: _own_marks(fn) for key, fn in funcs.items()}
    changed = True
    while changed:  # a rule kept by a private helper, or by a service the actor is handed on to, is kept
        changed = False
        for key, out in calls.items():
            for o in out:
                if o[1].startswith("_") or _takes_actor(funcs[o]):
                    for i in range(3):
                        if marks[o][i] and not marks[key][i]:
                            marks[key][i] = changed = True
    return funcs, writers, marks


def _public_writers() -> list[tuple[str, str]]:
    _funcs, writers, _marks = survey()
    return sorted(key for key in writers if not key[1].startswith("_"))


def test_the_walk_finds_writers_outside_services_modules():
    found = set(_public_writers())
    for key in [
        ("sotay.members.transfers", "issue_transfer"),
        ("sotay.members.file_loans", "lend_file"),
        ("sotay.meetings.minutes", "finalise_minutes"),
        ("sotay.meetings.checkin", "check_in"),
        ("sotay.members.services", "create_member"),
    ]:
        assert key in found, key


def test_every_public_writer_takes_a_required_keyword_only_actor_or_says_why_not():
    """Issue 12 §1: a function that writes takes `actor: Actor` as a required keyword — wherever it lives."""
    funcs, _writers, _marks = survey()
    wrong = []
    for key in _public_writers():
        if key[1] in NO_ACTOR.get(key[0], {}):
            continue
        if not _actor_is_required_keyword(funcs[key]):
            wrong.append(".".join(key))
    assert wrong == [], f"write functions without a required keyword-only `actor: Actor`: {wrong}"


def test_every_writer_with_an_actor_checks_it_runs_in_a_transaction_and_audits():
    funcs, _writers, marks = survey()
    missing = []
    for key in _public_writers():
        if not _takes_actor(funcs[key]):
            continue
        excused = EXCEPTIONS.get(key[0], {}).get(key[1], {})
        for i, rule in enumerate(("permission", "transaction", "audit")):
            if not marks[key][i] and rule not in excused:
                missing.append(f"{'.'.join(key)}: {rule}")
    assert missing == [], missing


def test_the_allow_lists_name_only_writers_that_exist_and_each_gives_a_reason():
    funcs, writers, marks = survey()
    for module, names in NO_ACTOR.items():
        for name, reason in names.items():
            assert (module, name) in writers and not _takes_actor(funcs[(module, name)]), (module, name)
            assert reason.strip(), (module, name)
    for module, names in EXCEPTIONS.items():
        for name, rules in names.items():
            assert (module, name) in writers, (module, name)
            for rule, reason in rules.items():
                assert not marks[(module, name)][("permission", "transaction", "audit").index(rule)], (module, name)
                assert reason.strip()


def test_counts(capsys):
    """The figures of the walk (reported in the pull request): writers found, held to the rules, allowed."""
    funcs, _writers, marks = survey()
    public = _public_writers()
    allowed = [k for k in public if k[1] in NO_ACTOR.get(k[0], {})]
    with_actor = [k for k in public if _takes_actor(funcs[k])]
    held = [k for k in with_actor if all(marks[k])]
    with capsys.disabled():
        print(
            f"\nwrite functions: {len(public)} public; {len(with_actor)} take the actor, {len(held)} of them keep "
            f"all three rules, {len(with_actor) - len(held)} excused per rule; {len(allowed)} allowed without actor"
        )
    assert len(held) + len(allowed) + (len(with_actor) - len(held)) == len(public)
