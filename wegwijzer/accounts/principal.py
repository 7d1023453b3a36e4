"""Who is asking: the authenticated user as the rest of the application sees it.

The web layer (session cookie) and the API (bearer token) both resolve a request to a
``Principal`` or to ``None`` (anonymous); domain services take a ``Principal | None`` and decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["beheerder", "redacteur", "partner"]
ROLES: tuple[Role, ...] = ("beheerder", "redacteur", "partner")
EDITOR_ROLES: frozenset[str] = frozenset({"beheerder", "redacteur"})


@dataclass(frozen=True)
class Principal:
    user_id: str
    email: str
    role: Role
    organization_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_editor(self) -> bool:
        """redacteur or beheerder: may review suggestions and edit every record."""
        return self.role in EDITOR_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "beheerder"

    def represents(self, organization_id: str | None) -> bool:
        """A partner of this organisation (editors represent none in particular)."""
        return organization_id is not None and organization_id in self.organization_ids

    @property
    def label(self) -> str:
        """How the person appears in the history (HSDS metadata ``updated_by``)."""
        return self.email
