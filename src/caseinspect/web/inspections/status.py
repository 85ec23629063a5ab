"""An inspection's status, and the one state change that moves it on (or back).

Setting up → fieldwork → closed, one step at a time. Setting up is the lead's time to add
members and cases; fieldwork is when cases are assessed and quality assured; closed is when
the inspection is over and its results stand. A step back (fieldwork → setting up, closed →
fieldwork, to reopen) is allowed too, but needs a reason, kept in the audit log. A closed
inspection takes no new cases (the import refuses them); nothing else is blocked by it.

Like the changes in :mod:`caseinspect.web.inspections.services`, :func:`change_status` checks
the user may act, runs in one transaction and writes its audit row through
:func:`caseinspect.web.audit.log.record`; the HTML view and the demo both call it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from caseinspect.web.accounts.models import User
from caseinspect.web.audit.log import record
from caseinspect.web.inspections import access
from caseinspect.web.inspections.models import Inspection
from caseinspect.web.inspections.services import Invalid, WrongState

Status = Inspection.Status


@dataclass(frozen=True)
class Move:
    """A step from one status to another: ``label`` as a choice on the page; a step back
    needs a reason."""

    source: str
    target: str
    label: str
    back: bool = False


MOVES: tuple[Move, ...] = (
    Move(Status.SETUP, Status.FIELDWORK, "Start fieldwork"),
    Move(Status.FIELDWORK, Status.CLOSED, "Close the inspection"),
    Move(Status.FIELDWORK, Status.SETUP, "Back to setting up", back=True),
    Move(Status.CLOSED, Status.FIELDWORK, "Reopen for fieldwork", back=True),
)


def moves_from(status: str) -> list[Move]:
    """The steps allowed from ``status``: forward first, then back."""
    return [m for m in MOVES if m.source == status]


def change_status(inspection: Inspection, target: str, by: User, reason: str = "") -> Inspection:
    """Move ``inspection`` to ``target``, one step from its current status.

    Raises :class:`~caseinspect.web.inspections.services.WrongState` (nothing written) when
    ``target`` is not one step from the current status — also when someone else moved it
    since the user looked — and :class:`~caseinspect.web.inspections.services.Invalid` when a
    step back has no reason.
    """
    access.require(access.can_manage(by, inspection))
    reason = reason.strip()
    with transaction.atomic():
        current = Inspection.objects.select_for_update().get(pk=inspection.pk)
        move = next((m for m in moves_from(current.status) if m.target == target), None)
        if move is None:
            raise WrongState(
                f"This inspection is {current.get_status_display().lower()}, so it cannot "
                f"move to {Status(target).label.lower() if target in Status.values else target}"
            )
        if move.back and not reason:
            raise Invalid({"reason": "Enter the reason for moving the inspection back"})
        Inspection.objects.filter(pk=inspection.pk).update(status=target)
        inspection.status = target
        record(
            by,
            "update",
            inspection,
            before={"status": current.status},
            after={"status": target},
            reason=reason,
            summary=f"Status of {inspection}: {Status(current.status).label} → "
            f"{Status(target).label}",
        )
    return inspection
