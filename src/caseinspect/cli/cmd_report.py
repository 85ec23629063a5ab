"""``caseinspect report``: the inspection report or the research bulletin as HTML, PDF or Excel."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import click

from caseinspect.analysis.disclosure import DEFAULT_THRESHOLD
from caseinspect.casetable.write import require_folder, write_whole
from caseinspect.cli.common import cpu_workers, derive_option, load_table
from caseinspect.errors import InputError
from caseinspect.frameworks import list_frameworks
from caseinspect.reports.build import FORMATS, build_report, render
from caseinspect.reports.options import KINDS, ReportOptions, read_examples


def _created(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    if value is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD "
                                 "(e.g. 2026-01-01)") from None


#: The suffixes ``--out`` may end in for each format (compared without case).
SUFFIXES: dict[str, tuple[str, ...]] = {"html": (".html", ".htm"), "pdf": (".pdf",),
                                        "xlsx": (".xlsx",)}


def _format(fmt: str | None, out: Path) -> str:
    """The format asked for, or the one ``out``'s suffix names; an --out whose suffix
    contradicts --format is refused (an HTML file named x.pdf opens nowhere)."""
    suffix = out.suffix.lower()
    if fmt is None:
        named = [f for f, suffixes in SUFFIXES.items() if suffix in suffixes]
        if not named:
            raise InputError.single(
                "give --format html, pdf or xlsx, or an --out ending in .html, .pdf or .xlsx",
                file=str(out))
        return named[0]
    if suffix not in SUFFIXES[fmt]:
        raise InputError.single(f"--out must end in .{fmt} for --format {fmt}", file=str(out))
    return fmt


@click.command("report")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), required=True,
              help="inspection: ratings, charts and findings per standard; bulletin: seed "
                   "003's tables by programme, comparisons and models.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)),
              help="html (one self-contained file), pdf (A4) or xlsx (one sheet per table); "
                   "default the one --out's suffix names (.html or .htm, .pdf, .xlsx).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the document, into a folder that exists; its suffix must "
                   "be the format's.")
@click.option("--publish", is_flag=True,
              help="For publication: small cells suppressed by the analysis core's disclosure "
                   "control; no CRNs and no free text but publishable anonymised examples.")
@click.option("--threshold", type=click.IntRange(min=1), default=DEFAULT_THRESHOLD,
              show_default=True, help="Smallest number of cases a published cell may show.")
@click.option("--title", help="The document's title.")
@click.option("--name", help="What was inspected (e.g. 'Anyshire PDU'): in the inspection report's "
                             "title (default the file's name) and the bulletin's subtitle.")
@click.option("--period", help="The period the cases cover, e.g. 'March 2016 to December 2017'.")
@click.option("--created", metavar="YYYY-MM-DD", callback=_created,
              help="The creation date printed and stored in the document (default today); fix "
                   "it for reproducible bytes.")
@click.option("--framework", type=click.Choice(list_frameworks()),
              help="Only this framework's questions.")
@click.option("--examples", "examples_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Practice examples (CSV: question_code, kind, text, publishable); only "
                   "those marked publishable appear.")
@click.option("--models", is_flag=True, help="Bulletin: add a stepwise model per question.")
@click.option("--between", nargs=3, metavar="ATTRIBUTE FROM TO",
              help="Bulletin: the comparison (default the two programmes, when there are two).")
@click.option("--split", help="Bulletin: split the comparison by this attribute (default "
                              "provider, when present).")
@click.option("--no-compare", is_flag=True, help="Bulletin: no comparison.")
@derive_option
def report_command(file: Path, kind: str, fmt: str | None, out: Path, publish: bool, threshold: int,
                   title: str | None, name: str | None, period: str | None,
                   created: date, framework: str | None,
                   examples_file: Path | None, models: bool,
                   between: tuple[str, str, str] | None, split: str | None, no_compare: bool,
                   derive_rules: Path | None) -> None:
    """Write the inspection report or the research bulletin for a case table."""
    if kind == "inspection":
        given = [flag for flag, value in (("--models", models), ("--between", between),
                                          ("--split", split), ("--no-compare", no_compare))
                 if value]
        if given:
            raise InputError.single(
                f"{', '.join(given)} {'applies' if len(given) == 1 else 'apply'} to "
                "--kind bulletin only; the inspection report has ratings and findings per "
                "standard")
    fmt = _format(fmt, out)
    require_folder(out)  # before the work, and again when writing
    examples = read_examples(examples_file) if examples_file else ()
    table, _ = load_table(file, framework, derive_rules)
    options = ReportOptions(
        kind="inspection" if kind == "inspection" else "bulletin", created=created, title=title,
        publish=publish, threshold=threshold, framework=framework, period=period,
        name=name, models=models, between=between or None, split=split,
        compare=not no_compare, workers=cpu_workers() if models else 1)
    report = build_report(table, options, examples)
    content = render(report, fmt)
    write_whole(out, content)
    tables = len(report.tables())
    click.echo(f"wrote the {kind} {'(published) ' if publish else ''}as {fmt} to {out} "
               f"({len(content):,} bytes; {tables} tables)")


COMMANDS = [report_command]
