"""The README and docs/: every relative link lands on a file (and heading), the README stays a
front page, and each page opens with its summary."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO

README = REPO / "README.md"
PAGES = sorted((REPO / "docs").glob("*.md"))
README_MAX_LINES = 260

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def prose(text: str) -> str:
    """The text outside code blocks and code spans (a `#` there is a comment, not a heading)."""
    return _CODE_SPAN.sub("", _FENCE.sub("", text))


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to
    hyphens, repeats numbered."""
    seen: dict[str, int] = {}
    out = set()
    for title in _HEADING.findall(_FENCE.sub("", page.read_text())):
        slug = re.sub(r"[^\w\- ]", "", title.replace("`", "").lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def broken_links(page: Path) -> list[str]:
    """Each relative link of a page whose file, or heading, does not exist."""
    bad = []
    for target in _LINK.findall(prose(page.read_text())):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if path and not (dest.exists() and dest.is_relative_to(REPO)):
            bad.append(f"{target} (no such file)")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            bad.append(f"{target} (no such heading)")
    return bad


def test_every_relative_link_resolves() -> None:
    assert len(PAGES) >= 7  # the glob found the pages
    found = {p.relative_to(REPO).as_posix(): broken_links(p) for p in [README, *PAGES]}
    assert {page: bad for page, bad in found.items() if bad} == {}


def test_the_link_check_catches_a_broken_link(tmp_path: Path) -> None:
    page = REPO / "docs" / "processing.md"
    (tmp_path / "outside.md").write_text("# Outside\n")
    fake = tmp_path / "page.md"
    fake.write_text(
        f"# T\n\n[a]({page}#engines) [b](missing.md) [c]({page}#no-such-heading) [d](#t)\n"
        "```\n[e](not-a-link-in-code.md)\n```\n[f](https://example.com/x.md) [g](outside.md)\n"
    )
    assert broken_links(fake) == [
        "missing.md (no such file)",
        f"{page}#no-such-heading (no such heading)",
        "outside.md (no such file)",  # not in the repository
    ]


def test_the_readme_is_a_front_page_that_links_every_page() -> None:
    text = README.read_text()
    assert len(text.splitlines()) < README_MAX_LINES
    linked = {(README.parent / t.partition("#")[0]).resolve() for t in _LINK.findall(text)}
    assert [p.name for p in PAGES if p.resolve() not in linked] == []


def test_the_quick_start_is_two_commands_that_dev_sh_runs() -> None:
    section = README.read_text().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["./dev.sh demo", "./dev.sh test"]
    script = (REPO / "dev.sh").read_text()
    assert "  demo)\n" in script and "  test)\n" in script


def test_each_page_opens_with_a_title_and_a_summary_paragraph() -> None:
    for page in PAGES:
        lines = page.read_text().splitlines()
        assert lines[0].startswith("# "), page.name
        body = "\n".join(lines[1:]).strip().split("\n\n", 1)[0]
        assert not body.startswith(("#", "```", "|", "-")), page.name
        assert len(body.split()) >= 40, page.name  # a paragraph, not a line
