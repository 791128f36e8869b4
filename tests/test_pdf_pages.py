"""PDFs as districts publish them (issue 25): a policy service's running header drawn in a
form, titles drawn twice to look bold, a redline's struck-through and underlined text, columns,
glyphs without Unicode, filled form fields, and hyphens at a line's end. Each PDF is built at
test time from raw PDF syntax (tests/hostile_pdfs.py) or from rows built by hand."""

from __future__ import annotations

from boardpolicy.diff import units
from boardpolicy.readers.pdf import Page, Row, document_from_pages


def _row(text: str, top: float, x0: float = 72, x1: float | None = None, size: float = 12,
         **kw) -> Row:
    x1 = x1 if x1 is not None else min(540, x0 + 5.5 * len(text))
    return Row(text, x0, x1, top, top + size, size, ink=x1, **kw)


def _rows(*pages: list[Row]):
    document = document_from_pages([Page(612, 792, rows) for rows in pages], "rows.pdf")
    return [u.text for u in units(document)], document


# ---------------------------------------------------------------------------------------------
# Item 7: a line-end hyphen before a capital or a digit is a real one, joined without a space


def test_a_line_end_hyphen_before_a_capital_or_a_digit_joins_without_a_space():
    # Before: "Policy 1201: Non- Discrimination", "call 208-350- 5800".
    texts, _ = _rows([
        _row("A Title For The Rules", 80, size=18),
        _row("The district prohibits discrimination; see the Non-", 110, x1=540),
        _row("Discrimination policy, or call the office at 208-350-", 126, x1=540),
        _row("5800 with questions about it.", 142, x1=250),
    ])
    assert texts[-1] == ("The district prohibits discrimination; see the Non-Discrimination "
                         "policy, or call the office at 208-350-5800 with questions about it.")
