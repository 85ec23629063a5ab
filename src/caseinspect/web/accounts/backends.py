"""How each request's signed-in user is read: :class:`UserBackend`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from caseinspect.web.accounts.models import User

# The user's columns a request needs: who they are, their role, whether they are active, and
# the password hash (Django checks the session against it, so changing the password ends other
# sessions). In model order, as ``Model.from_db`` wants; the others load if asked for.
_USER_FIELDS = ("id", "password", "email", "name", "role", "is_active")
_USER_COLUMNS = [f.attname for f in User._meta.concrete_fields if f.attname in _USER_FIELDS]
_USER_SQL = (
    "SELECT " + ", ".join(f'"{c}"' for c in _USER_COLUMNS)
    + f' FROM "{User._meta.db_table}" WHERE "id" = %s'
)


class UserBackend(ModelBackend):
    """Django's ``ModelBackend`` (sign-in by email and password; inactive users refused), but
    the signed-in user of each request is read with one plain statement instead of a queryset
    compiled anew on every request. It is still read on every request, and still refused
    when inactive: deactivating someone, or changing their role, takes effect at once."""

    def get_user(self, user_id: Any) -> User | None:
        connection = connections[router.db_for_read(User)]
        with connection.cursor() as cursor:
            cursor.execute(_USER_SQL, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = User.from_db(connection.alias, _USER_COLUMNS, row)
        return user if self.user_can_authenticate(user) else None
