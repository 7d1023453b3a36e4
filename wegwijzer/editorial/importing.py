"""The database side of a re-import: the stored baseline, import suggestions and their supersession."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from wegwijzer.editorial.fields import REMOVE_FIELD
from wegwijzer.editorial.models import ImportBaseline, Suggestion
from wegwijzer.editorial.records import dumps, find_row, organization_of
from wegwijzer.editorial.reimport import Baseline, ImportPlan, Tables, plan_import

SUPERSEDED = "Vervangen door een nieuwere import."
WITHDRAWN = "Het nieuwe document stelt deze wijziging niet meer voor."


@dataclass
class ImportOutcome:
    suggestions: int = 0
    conflicts: int = 0
    superseded: int = 0


def load_baseline(session: Session) -> Baseline | None:
    """What the last import wrote per record; None when no baseline was ever stored."""
    if not session.execute(select(func.count()).select_from(ImportBaseline)).scalar_one():
        return None
    return {b.record_id: json.loads(b.field_values) for b in session.execute(select(ImportBaseline)).scalars()}


def plan(session: Session, desired: Tables, existing: Tables) -> ImportPlan:
    return plan_import(desired, existing, load_baseline(session))


def _save_baseline(session: Session, plan: ImportPlan, run_id: str | None) -> None:
    stored = {b.record_id: b.field_values for b in session.execute(select(ImportBaseline)).scalars()}
    wanted = {rid: (kind, dumps(values)) for rid, (kind, values) in plan.baseline.items()}
    gone = [rid for rid in stored if rid not in wanted]
    for start in range(0, len(gone), 500):
        session.execute(delete(ImportBaseline).where(ImportBaseline.record_id.in_(gone[start:start + 500])))
    new = [{"record_id": rid, "record_type": kind, "field_values": text, "import_run_id": run_id}
           for rid, (kind, text) in wanted.items() if rid not in stored]
    if new:
        session.execute(insert(ImportBaseline), new)
    for rid, (_kind, text) in wanted.items():
        if rid in stored and stored[rid] != text:
            session.execute(update(ImportBaseline).where(ImportBaseline.record_id == rid)
                            .values(field_values=text, import_run_id=run_id))


def _supersede(session: Session, plan: ImportPlan, by: str, now: datetime) -> int:
    """Close pending import suggestions that the new document replaces or no longer proposes."""
    new_keys = {(s.record_id, s.field) for s in plan.suggestions}
    closed = 0
    pending = session.execute(select(Suggestion).where(Suggestion.source == "import",
                                                       Suggestion.status == "pending")).scalars().all()
    for old in pending:
        key = (old.record_id, old.field_name)
        in_document = old.record_id in plan.baseline
        if key in new_keys:
            note = SUPERSEDED
        elif in_document and old.field_name == REMOVE_FIELD:
            note = WITHDRAWN
        elif in_document and plan.baseline[old.record_id][1].get(old.field_name) != old.proposed_value:
            note = WITHDRAWN
        else:
            continue
        old.status, old.reviewed_by, old.reviewed_at, old.review_note = "rejected", by, now, note
        closed += 1
    return closed


def record_import(session: Session, plan: ImportPlan, source_name: str, run_id: str | None,
                  now: datetime) -> ImportOutcome:
    """After the store step: write the import's suggestions, close the ones it supersedes, move the baseline."""
    by = f"import:{source_name}"
    outcome = ImportOutcome(superseded=_supersede(session, plan, by, now))
    orgs: dict[str, str | None] = {}
    for s in plan.suggestions:
        row = find_row(session, s.record_type, s.record_id)
        if row is None:  # pragma: no cover - kept records are never deleted by the store step
            continue
        if s.record_id not in orgs:
            orgs[s.record_id] = organization_of(session, s.record_type, row)
        session.add(Suggestion(
            id=str(uuid.uuid4()), record_type=s.record_type, record_id=s.record_id,
            organization_id=orgs[s.record_id], field_name=s.field, original_value=s.original_value,
            proposed_value=s.proposed_value, note=s.note, submitter_email=None, submitted_by=by, source="import",
            client_key=None, base_version=int(row.get("version") or 1), status="pending", created_at=now,
            review_note="", conflict=s.conflict, import_run_id=run_id,
        ))
        outcome.suggestions += 1
        outcome.conflicts += int(s.conflict)
    _save_baseline(session, plan, run_id)
    session.flush()
    return outcome
