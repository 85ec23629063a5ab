"""Django's SQLite backend, with writers queued on an operating-system file lock."""
