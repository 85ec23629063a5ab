"""People, roles and signing in."""
