"""How far an assessment has got: per standard and in all (for task lists)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from caseinspect.frameworks import Framework


@dataclass(frozen=True)
class Task:
    code: str
    title: str
    answered: int
    total: int

    @property
    def status(self) -> str:
        if self.answered == 0:
            return "Not yet started"
        if self.answered < self.total:
            return "In progress"
        return "Completed"

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour for the status ('' for Completed: plain text)."""
        return {"Not yet started": "govuk-tag--blue", "In progress": "govuk-tag--light-blue"}.get(
            self.status, ""
        )


def standard_tasks(framework: Framework, answered: Collection[str]) -> list[Task]:
    tasks = []
    for standard in framework.standards:
        codes = [
            code
            for kq in standard.key_questions
            for code in [kq.code, *(p.code for p in kq.prompts)]
        ]
        tasks.append(
            Task(
                standard.code,
                standard.title,
                sum(code in answered for code in codes),
                len(codes),
            )
        )
    return tasks


def facts_task(framework: Framework, answered: Collection[str]) -> Task:
    codes = [f.code for f in framework.facts]
    return Task("facts", "Case facts", sum(code in answered for code in codes), len(codes))


def overall(framework: Framework, answered: Collection[str]) -> Task:
    tasks = standard_tasks(framework, answered)
    return Task(
        "all", "All questions", sum(t.answered for t in tasks), sum(t.total for t in tasks)
    )
