"""Evidence files: what is accepted (PDF, DOCX, XLSX, CSV, TXT, PNG, JPEG — by extension *and*
by what the bytes are) and where they are kept: ``<data directory>/evidence/<inspection id>/``,
never under the static files, so the only way to read one is the download view, which checks
access and audits the view."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

#: Extension → (label, content type served on download).
ACCEPTED: dict[str, tuple[str, str]] = {
    "pdf": ("PDF", "application/pdf"),
    "docx": (
        "Word (.docx)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ("Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("CSV", "text/csv; charset=utf-8"),
    "txt": ("text", "text/plain; charset=utf-8"),
    "png": ("PNG", "image/png"),
    "jpg": ("JPEG", "image/jpeg"),
    "jpeg": ("JPEG", "image/jpeg"),
}
ACCEPTED_LABEL = "PDF, Word (.docx), Excel (.xlsx), CSV, text, PNG or JPEG"


class BadUpload(ValueError):
    """The file is refused; the message says why, in words the user can act on."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    data: bytes
    sha256: str


def _office(data: bytes, part: str) -> bool:
    """A real Office Open XML file: a zip holding [Content_Types].xml and ``part``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(part) for n in names)


def _text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def content_matches(extension: str, data: bytes) -> bool:
    """Whether the bytes are what the extension says (content sniffing)."""
    if extension == "pdf":
        return data.startswith(b"%PDF-")
    if extension == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if extension == "docx":
        return _office(data, "word/")
    if extension == "xlsx":
        return _office(data, "xl/")
    if extension in ("csv", "txt"):
        return _text(data)
    return False


def max_bytes() -> int:
    limit: int = settings.EVIDENCE_MAX_BYTES
    return limit


def _size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size / 1024:g} KB" if size >= 1024 else f"{size} bytes"


def too_big_message() -> str:
    return f"The file must be smaller than {_size_label(max_bytes())}"


def check(name: str, size: int, data: bytes) -> CheckedFile:
    """Accept the file or raise :class:`BadUpload`: not empty, no larger than the limit, an
    accepted extension, and content that is what the extension says."""
    clean = Path(name).name.strip()
    extension = clean.rsplit(".", 1)[-1].lower() if "." in clean else ""
    if extension not in ACCEPTED:
        raise BadUpload(f"The file must be a {ACCEPTED_LABEL} file")
    if size == 0 or not data:
        raise BadUpload("The selected file is empty")
    if size > max_bytes():
        raise BadUpload(too_big_message())
    if not content_matches(extension, data):
        label = ACCEPTED[extension][0]
        raise BadUpload(
            f"The file is not a real {label} file: its content does not match .{extension}"
        )
    return CheckedFile(clean[:200], extension, data, hashlib.sha256(data).hexdigest())


def evidence_dir() -> Path:
    return Path(settings.DATA_DIR) / "evidence"


def store(inspection_id: int, checked: CheckedFile) -> str:
    """Write the file under the evidence directory; return its stored name (relative)."""
    relative = f"{inspection_id}/{uuid.uuid4().hex}.{checked.extension}"
    path = evidence_dir() / relative
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with path.open("xb") as out:
        out.write(checked.data)
    path.chmod(0o600)
    return relative


def path_of(stored_name: str) -> Path:
    """The stored file's path, refusing anything that would leave the evidence directory."""
    base = evidence_dir().resolve()
    path = (base / stored_name).resolve()
    if base not in path.parents:
        raise FileNotFoundError(stored_name)
    return path


def discard(stored_name: str) -> None:
    if stored_name:
        path_of(stored_name).unlink(missing_ok=True)
