"""The append-only audit log: who did what, when, before and after, and why."""
