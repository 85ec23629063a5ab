"""The inspection frameworks, as validated data.

Each framework is one YAML file beside this module, named by its code. Load with
:func:`load_framework`; :func:`list_frameworks` gives the bundled codes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from caseinspect.errors import InputError, Problem
from caseinspect.frameworks.models import (
    Domain,
    EvidenceQuestion,
    Fact,
    Framework,
    KeyQuestion,
    Prompt,
    QuestionRef,
    RatingRules,
    Standard,
)

__all__ = [
    "Domain",
    "EvidenceQuestion",
    "Fact",
    "Framework",
    "KeyQuestion",
    "Prompt",
    "QuestionRef",
    "RatingRules",
    "Standard",
    "all_frameworks",
    "list_frameworks",
    "load_file",
    "load_framework",
]

DATA_DIR = Path(__file__).parent
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_file(path: Path) -> Framework:
    """Load and validate one framework file; raise :class:`InputError` naming the problems."""
    try:
        # libyaml's C loader when PyYAML has it: the same safe loading, ten times faster
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except OSError as exc:
        message = f"cannot read framework file: {exc.strerror}"
        raise InputError.single(message, file=str(path)) from exc
    except yaml.YAMLError as exc:
        raise InputError.single(f"not valid YAML: {exc}", file=str(path)) from exc
    if not isinstance(raw, dict):
        raise InputError.single("a framework file must hold a mapping", file=str(path))
    try:
        return Framework.model_validate(raw)
    except ValidationError as exc:
        problems = [
            Problem(
                f"{'.'.join(str(p) for p in err['loc']) or 'framework'}: {err['msg']}",
                file=str(path),
            )
            for err in exc.errors()
        ]
        raise InputError(problems) from exc


def list_frameworks() -> list[str]:
    """Codes of the bundled frameworks, sorted."""
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml") if not p.stem.startswith("_"))


@cache
def load_framework(code: str) -> Framework:
    """The bundled framework with this code."""
    path = DATA_DIR / f"{code}.yaml"
    if not path.is_file():
        known = ", ".join(list_frameworks())
        raise InputError.single(f"unknown framework {code!r}; known frameworks: {known}")
    framework = load_file(path)
    if framework.code != code:
        raise InputError.single(
            f"file declares code {framework.code!r} but is named {code!r}", file=str(path)
        )
    return framework


def all_frameworks() -> list[Framework]:
    """Every bundled framework, in code order."""
    return [load_framework(code) for code in list_frameworks()]
