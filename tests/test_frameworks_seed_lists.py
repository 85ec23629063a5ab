"""Nothing lost: the frameworks against lists read straight from the seed documents.

Each test parses a seed's own layout (the guide's "Practitioners should:" lists, the
bulletin's standards and numbered questions, seed 004's question / Guidance / Evidence
blocks) and compares, item by item and in order, with the bundled framework.
"""

from __future__ import annotations

import re

from caseinspect.frameworks import load_framework
from seeds import SEEDS, normalise, seed_text

CS = "hmip-case-supervision-2018"
PP = "hmip-public-protection-2018"
DYN = "hmip-dynamic-public-protection-2025"


def lines(number: str) -> list[str]:
    seed_text()  # skips (or fails on CI) when the seeds are missing
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8").splitlines()


def same(text: str) -> str:
    return normalise(text).rstrip(".;")


def guide_lists() -> dict[str, list[list[str]]]:
    """Seed 001: each expectation sentence and the points listed under it, for each place it
    appears (the keeping-safe lists appear twice: in the main chapter and the low-risk one)."""
    found: dict[str, list[list[str]]] = {}
    items: list[str] | None = None
    for line in lines("001"):
        head = re.match(r"^(.+?) (Practitioners should|Specifically):$", line.strip())
        if head:
            items = []
            found.setdefault(same(head.group(1)), []).append(items)
            continue
        if items is None or not line.strip():
            continue
        point = line.strip().lstrip("- ").strip()
        if point[0].islower():
            items.append(same(point))
        else:  # a capitalised line (Case summary, a note) ends the list
            items = None
    return found


def test_engagement_and_desistance_prompts_are_the_guides_points_in_order() -> None:
    lists = guide_lists()
    for kq in load_framework(CS).key_questions():
        if kq.area in ("engagement", "desistance"):
            assert lists[same(kq.text)] == [[same(p.text) for p in kq.prompts]], kq.code


def test_the_guide_lists_keeping_safe_points_for_each_standard() -> None:
    lists = guide_lists()
    safe = [k for k in load_framework(CS).key_questions() if k.area == "keeping_safe"]
    expectations = [n.split(": ", 1)[1] for k in safe for n in k.notes if "expectation" in n]
    assert len(expectations) == 4
    # the guide words the bulletin's prompts as points, as many of them, in both chapters
    assert [[len(points) for points in lists[same(e)]] for e in expectations] == [
        [len(k.prompts)] * 2 for k in safe]


def bulletin_standards() -> dict[str, tuple[str, list[str]]]:
    """Seed 003: the keeping-safe key questions and the prompts under each."""
    found: dict[str, tuple[str, list[str]]] = {}
    prompts: list[str] | None = None
    for line in lines("003"):
        head = re.match(r"^- (2\.\d\.3) (.+)$", line)
        if head:
            prompts = []
            found[head.group(1)] = (same(head.group(2)), prompts)
        elif prompts is not None and re.match(r"^ ?- ", line):
            prompts.append(same(line.strip()[2:]))
        elif prompts is not None and line.strip():
            break
    return found


def test_keeping_safe_questions_and_prompts_are_the_bulletins() -> None:
    bulletin = bulletin_standards()
    assert list(bulletin) == ["2.1.3", "2.2.3", "2.3.3", "2.4.3"]
    cs = {k.code: k for k in load_framework(CS).key_questions()}
    dyn = load_framework(DYN).key_questions()
    for code, case_question in zip(bulletin, dyn, strict=True):
        text, prompts = bulletin[code]
        for kq in (cs[code], case_question):
            assert same(kq.text) == text
            assert [same(p.text) for p in kq.prompts] == prompts


def test_the_seven_matched_questions_in_their_groups() -> None:
    groups: list[tuple[str, list[str]]] = []
    for line in lines("003"):
        if line.strip() in ("Assessment", "Reviewing", "Overall delivery"):
            groups.append((line.strip(), []))
        elif groups and re.match(r"^\d\. ", line):
            groups[-1][1].append(same(line[3:]))
        if line.startswith("For each of the seven questions"):
            break
    fw = load_framework(PP)
    assert [(s.title, [same(k.text) for k in s.key_questions]) for s in fw.standards] == groups
    assert [k.code for k in fw.key_questions()] == [f"pp{i}" for i in range(1, 8)]


def dynamic_blocks() -> dict[str, dict[str, list[str]]]:
    """Seed 004: each question with its guidance paragraphs and evidence sources."""
    found: dict[str, dict[str, list[str]]] = {}
    block: dict[str, list[str]] = {}
    part = ""
    for line in lines("004"):
        text = line.strip()
        if text.startswith("Footnotes/References"):
            break
        head = re.match(r"^(\d\.\d+) (.+)$", line)
        if head:
            block = {"text": [head.group(2)], "guidance": [], "evidence": []}
            found[head.group(1)] = block
            part = ""
        elif text in ("Guidance", "Guidance:"):
            part = "guidance"
        elif text == "Evidence":
            part = "evidence"
        elif re.match(r"^\d\. \w+ \(Back to top\)$", text) or text in ("Operational", "Learning"):
            part = ""
        elif part == "evidence" and text and not text.startswith("This includes"):
            block[part].append(text.lstrip("• ").strip())
        elif part == "guidance" and text:
            block[part].append(text)
    return found


def test_dynamic_questions_guidance_and_evidence_in_full() -> None:
    blocks = dynamic_blocks()
    questions = load_framework(DYN).evidence_questions()
    assert [q.code for q in questions] == list(blocks)
    assert len(blocks) == 21 + 10 + 9
    for q in questions:
        seed = blocks[q.code]
        assert same(q.text) == same(seed["text"][0]), q.code
        assert normalise(q.guidance) == normalise(" ".join(seed["guidance"])), q.code
        assert [same(e) for e in q.evidence_sources] == [same(e) for e in seed["evidence"]], q.code


def test_dynamic_groups_follow_the_seeds_headings() -> None:
    headings = [line.strip() for line in lines("004")
                if line.strip() in ("Strategic", "Operational", "Learning")
                or re.match(r"^\d\.\d+ ", line)]
    grouped: list[tuple[str, list[str]]] = []
    for heading in headings:
        if heading in ("Strategic", "Operational", "Learning"):
            grouped.append((heading, []))
        elif heading.startswith("1."):
            grouped[-1][1].append(heading.split()[0])
    leadership = load_framework(DYN).domains[0]
    assert [(g.title, [q.code for q in g.questions]) for g in leadership.groups] == grouped
