"""Share links: make one for a plan, find it, revoke it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from app.models import PlanShare, SavedPlan


def create_share(session: Session, *, client_id: int, plan: SavedPlan, lang: str,
                 created_at: datetime, expires_at: datetime) -> PlanShare:
    """A share of a plan the caller already found as this client's own."""
    row = PlanShare(client_id=client_id, plan_id=plan.id, kind=plan.kind, lang=lang,
                    created_at=created_at, expires_at=expires_at)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def get_share(session: Session, *, share_id: uuid.UUID,
              client_id: int | None = None) -> PlanShare | None:
    """A share by id; with client_id, only that client's (another app's share is None)."""
    row = session.get(PlanShare, share_id)
    if row is None or (client_id is not None and row.client_id != client_id):
        return None
    return row


def revoke_share(session: Session, *, client_id: int, share_id: uuid.UUID,
                 at: datetime) -> bool:
    """True when this client's share is (now or already) revoked, False when it has none."""
    row = get_share(session, share_id=share_id, client_id=client_id)
    if row is None:
        return False
    if row.revoked_at is None:
        session.execute(update(PlanShare).where(col(PlanShare.id) == share_id,
                                                col(PlanShare.revoked_at).is_(None))
                        .values(revoked_at=at))
        session.commit()
    return True
