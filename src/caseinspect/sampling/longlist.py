"""Read and validate a long list (CSV or XLSX; see ``docs/long-list.md``).

The long list holds names and dates of birth. They are read only to derive two opaque
de-duplication keys (``pnc_key`` and ``person_key``) and a ``redacted`` flag; the
:class:`LongList` returned keeps no name, date of birth or PNC, and no error message ever
quotes one.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from caseinspect.errors import InputError, Problem
from caseinspect.sampling.labels import (
    GENDER_MISSING,
    GENDER_OTHER,
    GENDERS,
    ROSH,
    SENTENCE_TYPES,
    normalise_label,
    rosh_labels,
    sentence_labels,
)

COLUMNS = (
    "crn", "pnc", "first_name", "family_name", "dob", "gender", "sentence_type", "rosh",
    "start_date", "end_date", "cluster", "ldu", "team", "responsible_officer",
)
"""The columns a long list must have (``pdu`` is accepted for ``ldu``)."""

_REQUIRED_VALUES = ("cluster", "ldu", "responsible_officer")
_CRN = re.compile(r"^[A-Z]\d{6}$")
_HEADER = re.compile(r"[\s\-]+")
_ROWS_SHOWN = 20
FIRST_DATA_ROW = 2
"""Rows are numbered as a spreadsheet shows them: the header is row 1."""


@dataclass(frozen=True)
class LongList:
    """A validated long list, one row per case, without names, dates of birth or PNCs.

    ``frame`` columns: ``row`` (spreadsheet row number), ``crn``, ``pnc_key`` and
    ``person_key`` (integer codes shared by rows with the same PNC, or the same first name,
    family name and date of birth; -1 when unknown), ``redacted`` (an asterisk in either
    name), ``gender`` (``M``, ``F``, ``other`` or ``missing``), ``supervision_type``
    (``community`` / ``post_custody``), ``rosh`` (``low`` … ``very_high``), ``start_date``,
    ``end_date`` (datetime64, ``NaT`` when blank), ``cluster``, ``ldu``, ``team`` and
    ``responsible_officer``.
    """

    frame: pd.DataFrame
    source: str

    @property
    def cases(self) -> int:
        return len(self.frame)


def read_long_list(path_or_file: str | os.PathLike[str] | IO[bytes],
                   filename: str | None = None) -> LongList:
    """Read a long list from a path or a binary file object (e.g. a Django upload).

    Parameters
    ----------
    path_or_file
        A path, or an open binary file.
    filename
        The name shown in messages, whose extension (``.csv`` or ``.xlsx``) picks the format;
        defaults to the path's name.

    Raises
    ------
    InputError
        Listing every problem at once: missing columns, bad CRNs, every unknown
        ``sentence_type`` and ``rosh`` label with its rows, bad dates, missing values.
    """
    if isinstance(path_or_file, (str, os.PathLike)):
        path = Path(path_or_file)
        name = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError.single(f"cannot read the file: {exc.strerror}", file=name) from None
    else:
        name = filename or str(getattr(path_or_file, "name", "<upload>"))
        data = path_or_file.read()
    raw = _read_table(data, name)
    return LongList(frame=_validate(raw, name), source=name)


def _read_table(data: bytes, name: str) -> pd.DataFrame:
    suffix = Path(name).suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ""):
        raise InputError.single(f"not a CSV or XLSX file ({suffix})", file=name)
    if not data.strip():
        raise InputError.single("the file is empty", file=name)
    try:
        if suffix in (".xlsx", ".xlsm"):
            table = pd.read_excel(io.BytesIO(data), dtype=object, engine="openpyxl")
            table = table.map(_cell_text)
        else:
            table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False,
                                skip_blank_lines=False, encoding=_encoding(data))
    except (ValueError, KeyError, OSError, zipfile.BadZipFile, InvalidFileException,
            pd.errors.ParserError):
        raise InputError.single(f"cannot read the file as {suffix.lstrip('.') or 'CSV'}",
                                file=name) from None
    return table


def _encoding(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _validate(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    raw = raw.rename(columns=lambda c: _HEADER.sub("_", str(c).strip().lower()))
    if "ldu" not in raw.columns and "pdu" in raw.columns:
        raw = raw.rename(columns={"pdu": "ldu"})
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise InputError([Problem(f"missing column {c!r}", file=name) for c in missing])
    raw = raw.loc[:, ~raw.columns.duplicated()]
    rows = pd.Series(np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + len(raw)), index=raw.index)
    text = {c: raw[c].astype(str).str.strip() for c in COLUMNS}
    filled = (pd.concat(text, axis=1) != "").any(axis=1)
    if not filled.any():
        raise InputError.single("the long list has no cases", file=name)
    rows = rows[filled]
    text = {c: values[filled] for c, values in text.items()}
    problems: list[Problem] = []

    crn = text["crn"].str.upper()
    _check(problems, name, "crn", rows, crn, crn == "", "missing CRN")
    _check(problems, name, "crn", rows, crn, (crn != "") & ~crn.str.fullmatch(_CRN.pattern),
           "not a CRN (a capital letter and six digits)", show_value=True)
    supervision = _lookup(text["sentence_type"], SENTENCE_TYPES)
    if _check(problems, name, "sentence_type", rows, text["sentence_type"], supervision.isna(),
              "unknown sentence type", show_value=True):
        problems.append(Problem(f"accepted sentence types: {sentence_labels()}", file=name,
                                column="sentence_type"))
    rosh = _lookup(text["rosh"], ROSH)
    if _check(problems, name, "rosh", rows, text["rosh"], rosh.isna(), "unknown RoSH level",
              show_value=True):
        problems.append(Problem(f"accepted RoSH levels: {rosh_labels()}", file=name,
                                column="rosh"))
    start = _dates(text["start_date"])
    _check(problems, name, "start_date", rows, text["start_date"], text["start_date"] == "",
           "missing start date")
    dates_message = "not a date (YYYY-MM-DD or DD/MM/YYYY)"
    for column, parsed in (("start_date", start), ("end_date", end := _dates(text["end_date"]))):
        _check(problems, name, column, rows, text[column], (text[column] != "") & parsed.isna(),
               dates_message, show_value=True)
    dob = _dates(text["dob"])
    _check(problems, name, "dob", rows, text["dob"], (text["dob"] != "") & dob.isna(),
           dates_message)
    for column in _REQUIRED_VALUES:
        _check(problems, name, column, rows, text[column], text[column] == "",
               f"missing {column.replace('_', ' ')}")
    if problems:
        raise InputError(problems)

    gender = _per_value(text["gender"], lambda v: v.map(normalise_label))
    return pd.DataFrame({
        "row": rows.to_numpy(np.int64),
        "crn": crn.to_numpy(object),
        **_personal_keys(text, dob),
        "gender": gender.map(GENDERS).fillna(GENDER_OTHER).where(gender != "", GENDER_MISSING)
        .to_numpy(object),
        "supervision_type": supervision.to_numpy(object),
        "rosh": rosh.to_numpy(object),
        "start_date": start.to_numpy("datetime64[ns]"),
        "end_date": end.to_numpy("datetime64[ns]"),
        **{c: text[c].to_numpy(object) for c in ("cluster", "ldu", "team",
                                                 "responsible_officer")},
    })


def _personal_keys(text: dict[str, pd.Series], dob: pd.Series) -> dict[str, np.ndarray]:
    """The only use of names, dates of birth and PNCs: opaque integer keys shared by the rows
    with the same PNC (``pnc_key``) or the same first name, family name and date of birth
    (``person_key``; names compared ignoring case and extra spaces), -1 when unknown; and
    ``redacted``, an asterisk in either name."""
    first, family = (_per_value(text[c], lambda v: v.str.casefold().str.split().str.join(" "))
                     for c in ("first_name", "family_name"))
    redacted = first.str.contains("*", regex=False) | family.str.contains("*", regex=False)
    named = (first != "") & (family != "") & dob.notna() & ~redacted
    person = first + "\x1f" + family + "\x1f" + dob.dt.strftime("%Y-%m-%d").fillna("")
    pnc = text["pnc"].str.upper().str.replace(" ", "", regex=False)
    return {"pnc_key": _codes(pnc, pnc != ""), "person_key": _codes(person, named),
            "redacted": redacted.to_numpy(bool)}


def _lookup(values: pd.Series, vocabulary: dict[str, str]) -> pd.Series:
    return _per_value(values, lambda v: v.map(lambda label: vocabulary.get(normalise_label(label))))


def _dates(values: pd.Series) -> pd.Series:
    def parse(distinct: pd.Series) -> pd.Series:
        iso = pd.to_datetime(distinct, format="%Y-%m-%d", errors="coerce")
        return iso.fillna(pd.to_datetime(distinct, format="%d/%m/%Y", errors="coerce"))

    return _per_value(values, parse)


def _per_value(values: pd.Series, convert: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``convert`` applied once per distinct value (long lists repeat their values)."""
    codes, distinct = pd.factorize(values)
    converted = convert(pd.Series(distinct)).to_numpy()
    return pd.Series(converted[codes], index=values.index)


def _codes(keys: pd.Series, known: pd.Series) -> np.ndarray:
    codes, _ = pd.factorize(keys.where(known))
    return codes.astype(np.int64)


def _check(problems: list[Problem], name: str, column: str, rows: pd.Series, values: pd.Series,
           bad: pd.Series, message: str, *, show_value: bool = False) -> bool:
    """Add one problem per distinct bad value (or one for all, when values are not shown)."""
    if not bad.any():
        return False
    groups = (values[bad].groupby(values[bad], sort=False) if show_value
              else [(None, values[bad])])
    for value, group in groups:
        found = rows[group.index].tolist()
        single = len(found) == 1
        problems.append(Problem(message if single else f"{message} in {_rows_text(found)}",
                                file=name, row=found[0] if single else None, column=column,
                                value=None if value is None else str(value)))
    return True


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:_ROWS_SHOWN])
    more = len(rows) - _ROWS_SHOWN
    return f"rows {shown}" + (f" and {more} more" if more > 0 else "")
