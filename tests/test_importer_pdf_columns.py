"""Two-column PDF pages read column by column (pdf_columns.py), on tiny pages given as the words a PDF library
reports (x0, x1, top, bottom, size), so each rule is seen on its own: the gutter is found, a two-column page is read
left column first, a table page of the same document is read row by row, a heading across the gutter stays whole,
and words a narrow column hyphenated are made whole; and a wrapped table's continuation rows keep their empty
first cell."""

from __future__ import annotations

from boardpapers.importer import pdf, pdf_columns

WIDTH, HEIGHT = 600.0, 800.0
LEFT = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"]
RIGHT = ["mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
         "xray"]


def _word(text: str, x0: float, top: float, x1: float | None = None) -> dict:
    return {"text": text, "x0": x0, "x1": x1 if x1 is not None else x0 + 6 * len(text), "top": top,
            "bottom": top + 10, "size": 10, "fontname": "Helvetica"}


def _line(words: list[str], x0: float, x1: float, top: float) -> list[dict]:
    """Words spread evenly from x0 to x1 (a justified line of a column)."""
    step = (x1 - x0) / len(words)
    return [_word(w, x0 + i * step, top, x0 + i * step + step - 4) for i, w in enumerate(words)]


def two_column_page() -> list[dict]:
    words = []
    for n in range(14):
        top = 100 + 14 * n
        words += _line([LEFT[n % 12], f"l{n}", "text", "here"], 50, 280, top)
        words += _line([RIGHT[n % 12], f"r{n}", "more", "words"], 320, 550, top)
    return words


def table_page() -> list[dict]:
    """A membership table: a short name on the left, a council in a column right of the middle."""
    words = []
    for n in range(14):
        top = 100 + 14 * n
        words += [_word("Member", 50, top), _word(f"N{n}", 100, top), _word("Borough", 330, top),
                  _word("Council", 378, top)]
    return words


def _rows_of(words: list[dict]) -> tuple[list[list[dict]], float, float]:
    return pdf._rows(words), WIDTH, HEIGHT


def test_the_gutter_of_two_column_pages_is_found_and_a_table_has_none():
    gutter = pdf_columns.document_gutter([_rows_of(two_column_page()), _rows_of(two_column_page())])
    assert gutter is not None and 270 <= gutter[0] < gutter[1] <= 320
    assert pdf_columns.page_gutter(*_rows_of(table_page())) is None
    assert pdf_columns.document_gutter([_rows_of(two_column_page())]) is None  # one page is not enough


def test_a_two_column_page_is_read_left_column_first():
    gutter = pdf_columns.document_gutter([_rows_of(two_column_page())] * 2)
    lines = [line for line in pdf.page_lines(two_column_page(), gutter, HEIGHT) if line]
    assert all(line.startswith(LEFT[n % 12]) for n, line in enumerate(lines[:14]))
    assert all(line.startswith(RIGHT[n % 12]) for n, line in enumerate(lines[14:]))
    # without the gutter the two columns' lines interleave: what the rule prevents
    plain = [line for line in pdf.page_lines(two_column_page()) if line]
    assert "mike" in plain[0]


def test_a_table_page_of_a_two_column_document_is_read_row_by_row():
    gutter = pdf_columns.document_gutter([_rows_of(two_column_page())] * 2)
    assert not pdf_columns.in_columns(pdf._rows(table_page()), gutter, HEIGHT)
    lines = [line for line in pdf.page_lines(table_page(), gutter, HEIGHT) if line]
    assert lines[0] == "Member N0\tBorough Council" and lines[5] == "Member N5\tBorough Council"


def test_a_heading_across_the_gutter_stays_whole_and_ends_the_columns_above_it():
    words = two_column_page()
    words += [_word("Financial", 200, 320), _word("Implications", 260, 320, 340)]
    words += _line(["after", "the", "heading", "left"], 50, 280, 340)
    gutter = pdf_columns.document_gutter([_rows_of(two_column_page())] * 2)
    words += [_word("Next", gutter[1] - 4, 440), _word("steps", gutter[1] + 24, 440)]  # starts inside the band
    words += _line(["left", "beside", "the", "steps"], 50, 280, 440)
    lines = [line for line in pdf.page_lines(words, gutter, HEIGHT) if line]
    assert lines[-2:] == ["left beside the steps", "Next steps"]  # the right column's heading, after the left
    heading = next(i for i, line in enumerate(lines) if "Financial" in line)
    assert lines[heading] == "Financial Implications"
    assert heading == 28 and lines[heading + 1].startswith("after the heading")


def test_words_a_narrow_column_hyphenated_are_made_whole_unless_printed_with_the_hyphen():
    lines = ["we are deve-", "loping the plan", "a sector-", "led approach", "sector-led work", "the develop-",
             "ing councils", "developing"]
    out = pdf.dehyphenate(lines)
    assert out[:2] == ["we are developing", "the plan"]
    assert out[2:4] == ["a sector-led", "approach"]
    assert pdf.join_wrapped("Improvement and Inno-", "vation Board") == "Improvement and Innovation Board"
    assert pdf.join_wrapped("Climate change programme", "2011/12") == "Climate change programme 2011/12"


def test_continuation_rows_of_a_wrapped_table_go_back_to_their_row():
    """A schedule whose cells wrap: the continuation rows (the number column empty, also in the second one: the
    table's columns are remembered with the empty one) give each cell's words back to the row they wrapped from."""
    words = [_word("1", 51, 100, 56), _word("To", 71, 100), _word("publish", 85, 100), _word("Work", 167, 100),
             _word("under", 199, 100), _word("In", 256, 100), _word("pro", 268, 100)]
    words += [_word("promote", 71, 114), _word("findings", 110, 114, 146), _word("on", 167, 114),
              _word("care", 181, 114), _word("gress", 256, 114)]
    words += [_word("on", 71, 128), _word("discharge.", 85, 128, 149), _word("systems;", 167, 128),
              _word("further", 219, 128)]
    lines = [line for line in pdf.page_lines(words) if line]
    assert lines == ["1\tTo publish promote findings on discharge.\tWork under on care systems; further\tIn pro gress"]


def test_a_page_whose_two_columns_each_hold_a_table_is_read_column_by_column():
    """The note's 'Item | Decisions and actions | Action by' table printed in both columns: most rows' left parts
    are short table cells, but the left table's 'Action by' heading runs up to the gutter."""
    gutter = pdf_columns.document_gutter([_rows_of(two_column_page())] * 2)
    words = [_word("Item", 50, 100), _word("Decisions", 80, 100), _word("Action", 220, 100),
             _word("by", gutter[0] - 12, 100, gutter[0] - 1), _word("Item", 320, 100), _word("Decisions", 350, 100),
             _word("Action", 500, 100), _word("by", 540, 100)]
    for n in range(12):
        words += [_word(f"left{n}", 80, 114 + 14 * n), _word(f"right{n}", 350, 114 + 14 * n)]
    assert pdf_columns.in_columns(pdf._rows(words), gutter, HEIGHT)
    lines = [line for line in pdf.page_lines(words, gutter, HEIGHT) if line]
    assert [line.strip() for line in lines[1:13]] == [f"left{n}" for n in range(12)]
