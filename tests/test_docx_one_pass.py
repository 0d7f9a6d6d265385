"""The .docx reader's one-pass table reading against the element walk it
falls back to: generated WordprocessingML tables (merges, content controls,
tracked changes, fields, text boxes, nested tables, misplaced elements) give
the same Grid, or the same refusal, either way; and the pass really reads the
tables it can flatten instead of handing everything to the walk."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from perfgoals.errors import UnreadableFileError
from perfgoals.read.docx import (
    W_TBL,
    W,
    _plain_paragraph_text,
    _Walker,
    paragraph_text,
    read_docx,
)
from perfgoals.read.grid import Grid
from perfgoals.read.limits import DEFAULT_LIMITS, Limits
from perfgoals.read.package import open_docx_part
from test_read_docx import docx

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text with what strip() and the "\n" joins react to: spaces, ideographic
# spaces, newlines; no XML markup characters.
text = st.text(alphabet="预算数指标12. \u3000\n", max_size=5)
# Whitespace between elements, as a pretty-printing writer leaves it (tails).
gap = st.sampled_from(["", "", "\n  ", " "])

# What a table may hold beyond plain paragraphs, runs, fields and merges: each
# generated table draws a few, so that a table often holds one alone.
# "breaks" (tabs, breaks, tab stops) the pass flattens; the others it refuses or
# must notice ("stray-text": a w:t outside any paragraph, "late-props": cell
# properties after the cell's text).
FLATTENED = ("breaks",)
REFUSED = ("tracked", "wrappers", "text-box", "nested", "nested-t", "prop-change")
MISPLACED = ("stray-text", "late-props")
Odd = frozenset[str]
odd_features = st.sets(st.sampled_from(FLATTENED + REFUSED + MISPLACED), min_size=1, max_size=2).map(
    frozenset
)
flat_features = st.sets(st.sampled_from(FLATTENED)).map(frozenset)


def _t(value: str, tail: str = "") -> str:
    return f'<w:t xml:space="preserve">{value}</w:t>{tail}'


@st.composite
def run(draw: st.DrawFn, odd: Odd) -> str:
    """One run or a run-level construct of a paragraph."""
    plain = st.builds(lambda v, g: f"<w:r>{_t(v, g)}</w:r>", text, gap)
    kinds = [
        plain,
        st.builds(lambda v: f"<w:r><w:rPr><w:b/></w:rPr>{_t(v)}</w:r>", text),
        st.builds(
            lambda instr, result: '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{_t(result)}</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
            text, text,
        ),
        st.builds(lambda v: f'<w:fldSimple w:instr=" PAGE "><w:r>{_t(v)}</w:r></w:fldSimple>', text),
        st.builds(lambda v: f'<w:hyperlink w:anchor="a"><w:r>{_t(v)}</w:r></w:hyperlink>', text),
        st.just('<w:bookmarkStart w:id="0" w:name="a"/><w:proofErr w:type="spellStart"/>'),
    ]
    if "breaks" in odd:
        kinds.append(
            st.builds(
                lambda a, mark, b: f"<w:r>{_t(a)}{mark}{_t(b)}</w:r>",
                text, st.sampled_from(["<w:tab/>", "<w:br/>", "<w:cr/>"]), text,
            )
        )
    if "tracked" in odd:
        kinds += [
            st.builds(lambda v: f'<w:ins w:id="1" w:author="a"><w:r>{_t(v)}</w:r></w:ins>', text),
            st.builds(
                lambda v: f'<w:del w:id="2" w:author="a"><w:r><w:delText>{v}</w:delText></w:r></w:del>',
                text,
            ),
            st.builds(lambda v: f'<w:moveFrom w:id="3"><w:r>{_t(v)}</w:r></w:moveFrom>', text),
            st.builds(lambda v: f'<w:moveTo w:id="4"><w:r>{_t(v)}</w:r></w:moveTo>', text),
        ]
    if "wrappers" in odd:
        kinds += [
            st.builds(
                lambda v: f'<w:smartTag w:uri="u" w:element="e"><w:r>{_t(v)}</w:r></w:smartTag>', text
            ),
            st.builds(
                lambda v: f"<w:sdt><w:sdtPr/><w:sdtContent><w:r>{_t(v)}</w:r></w:sdtContent></w:sdt>",
                text,
            ),
        ]
    if "text-box" in odd:
        kinds.append(st.builds(_text_box, text))
    if "nested-t" in odd:
        kinds += [
            # A w:t inside a w:t, with tails: itertext orders their texts its own way.
            st.builds(lambda v: f'<w:r><w:t>{v}<w:t>{v}</w:t>{v}</w:t>{v or " "}</w:r>', text),
        ]
    return draw(st.one_of(kinds))


def _text_box(value: str) -> str:
    box = f"<w:txbxContent><w:p><w:r>{_t(value)}</w:r></w:p></w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        f"<w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


@st.composite
def paragraph(draw: st.DrawFn, odd: Odd) -> str:
    props = draw(st.sampled_from(["", '<w:pPr><w:jc w:val="center"/></w:pPr>']))
    if "breaks" in odd and draw(st.booleans()):
        props = '<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'  # a tab stop
    runs = draw(st.lists(run(odd), max_size=4))
    return f"<w:p>{props}{''.join(runs)}</w:p>{draw(gap)}"


@st.composite
def cell_props(draw: st.DrawFn, odd: Odd) -> str:
    props = []
    if draw(st.booleans()):
        props.append(f'<w:gridSpan w:val="{draw(st.sampled_from(["1", "2", "3", "0", "x"]))}"/>')
    vmerge = draw(st.sampled_from([None, "restart", "continue", ""]))
    if vmerge is not None:
        props.append(f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "<w:vMerge/>")
    hmerge = draw(st.sampled_from([None, None, "restart", "continue", ""]))
    if hmerge is not None:
        props.append(f'<w:hMerge w:val="{hmerge}"/>' if hmerge else "<w:hMerge/>")
    if "prop-change" in odd and draw(st.booleans()):
        props.append('<w:tcPrChange w:id="5"><w:tcPr><w:gridSpan w:val="4"/></w:tcPr></w:tcPrChange>')
    return f"<w:tcPr><w:tcW w:w=\"1000\"/>{''.join(props)}</w:tcPr>"


@st.composite
def cell(draw: st.DrawFn, odd: Odd, depth: int) -> str:
    items = [paragraph(odd)]
    if "wrappers" in odd:
        items += [
            st.builds(lambda p: f"<w:sdt><w:sdtPr/><w:sdtContent>{p}</w:sdtContent></w:sdt>", paragraph(odd)),
            st.builds(lambda p: f'<w:customXml w:element="x">{p}</w:customXml>', paragraph(odd)),
        ]
    if "nested" in odd and depth < 2:
        items.append(table(odd, depth + 1))
    content = draw(st.lists(st.one_of(items), max_size=3))
    if "stray-text" in odd and draw(st.booleans()):
        # A run, or a bare w:t, outside any paragraph: after the text, where the
        # pass would take it for the last paragraph's.
        content.append(draw(st.sampled_from([f"<w:r>{_t('散')}</w:r>", _t("散")])))
    if draw(st.booleans()):
        content.insert(0, '<w:bookmarkStart w:id="0" w:name="b"/>')
    props = draw(cell_props(odd)) if draw(st.integers(0, 4)) else ""
    if "late-props" in odd and draw(st.booleans()):
        content.append(props)  # properties after the text
    else:
        content.insert(0, props)
    tc = f"<w:tc>{''.join(content)}</w:tc>"
    if "wrappers" in odd and draw(st.integers(0, 3)) == 0:
        tc = f"<w:sdt><w:sdtPr/><w:sdtContent>{tc}</w:sdtContent></w:sdt>"
    return tc + draw(gap)


@st.composite
def row(draw: st.DrawFn, odd: Odd, depth: int) -> str:
    props = ""
    if draw(st.booleans()):
        before = draw(st.sampled_from(["0", "1", "2", "x"]))
        extra = draw(st.sampled_from(["", '<w:ins w:id="6" w:author="a"/>' if "tracked" in odd else ""]))
        props = f'<w:trPr><w:gridBefore w:val="{before}"/>{extra}</w:trPr>'
    if draw(st.booleans()):
        props = '<w:tblPrEx><w:tblBorders><w:top w:val="single"/></w:tblBorders></w:tblPrEx>' + props
    cells = draw(st.lists(cell(odd, depth), max_size=4))
    if "stray-text" in odd and draw(st.integers(0, 3)) == 0:
        cells.append(draw(st.sampled_from([props or "<w:trPr/>", _t("散"), "<w:p>" + _t("散") + "</w:p>"])))
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


@st.composite
def table(draw: st.DrawFn, odd: Odd | None = None, depth: int = 0) -> str:
    if odd is None:
        odd = draw(odd_features)
    rows = draw(st.lists(row(odd, depth), max_size=5))
    if "wrappers" in odd:
        rows = [
            f"<w:customXml w:element=\"r\">{r}</w:customXml>" if draw(st.integers(0, 3)) == 0 else r
            for r in rows
        ]
    if "stray-text" in odd and draw(st.integers(0, 3)) == 0:
        rows.append(draw(st.sampled_from([_t("散"), "<w:p>" + _t("散") + "</w:p>"])))
    grid = "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    return f'<w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr>{grid}{"".join(rows)}</w:tbl>'


@st.composite
def body(draw: st.DrawFn, flat: bool) -> str:
    odd = draw(flat_features) if flat else None
    no_odd: Odd = frozenset()
    blocks = draw(st.lists(st.one_of(paragraph(no_odd), table(odd)), min_size=1, max_size=4))
    if draw(st.integers(0, 3)) == 0:
        # Something outside the tables that makes the document need the careful
        # paragraph reading (tabs, breaks, tracked deletions, text boxes).
        blocks.append(draw(st.sampled_from([
            "<w:p><w:r><w:tab/></w:r></w:p>",
            '<w:p><w:del w:id="9" w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del></w:p>',
            f"<w:p>{_text_box('框')}</w:p>",
        ])))
    return "".join(blocks)


limits = st.sampled_from([
    DEFAULT_LIMITS,
    Limits(max_cells=3),
    Limits(max_chars=4),
    Limits(max_rows=2),
    Limits(max_paragraphs=3),
    Limits(max_table_rows=1),
])


def read_either(data: bytes, limits: Limits, one_pass: bool) -> Grid | tuple[str, str]:
    try:
        return read_docx(data, limits, one_pass=one_pass)
    except UnreadableFileError as error:
        return error.reason, error.message_en


@SETTINGS
@given(xml=body(flat=False), limits=limits)
def test_one_pass_and_walk_agree(xml: str, limits: Limits) -> None:
    data = docx(xml)
    assert read_either(data, limits, True) == read_either(data, limits, False)


@SETTINGS
@given(xml=body(flat=True), limits=limits)
def test_one_pass_reads_what_it_can_flatten(xml: str, limits: Limits) -> None:
    """Tables of plain paragraphs, runs, fields, merges: no table is handed to the
    walk (unless a limit is reached, which the walk words)."""
    data = docx(xml)
    assert read_either(data, limits, True) == read_either(data, limits, False)
    if limits == DEFAULT_LIMITS:
        tables = list(open_docx_part(data).iter(W_TBL))
        for text_of in (_plain_paragraph_text, paragraph_text):
            walker = _Walker(text_of)
            assert all(walker._flat_rows(tbl, 0) is not None for tbl in tables)


def _flat(xml: str) -> object:
    root = etree.fromstring(docx_xml(xml))
    return _Walker(paragraph_text)._flat_rows(root[0][0], 0)


def docx_xml(body_xml: str) -> bytes:
    return (
        f'<w:document xmlns:w="{W[1:-1]}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body_xml}</w:body></w:document>"
    ).encode()


PLAIN_CELL = f"<w:tc><w:tcPr/><w:p><w:r>{_t('甲')}</w:r></w:p></w:tc>"


def test_the_pass_hands_over_what_it_cannot_flatten() -> None:
    def tbl(cells: str) -> str:
        return f"<w:tbl><w:tblPr/><w:tr>{cells}</w:tr></w:tbl>"

    assert _flat(tbl(PLAIN_CELL)) is not None
    assert _flat(tbl(PLAIN_CELL.replace("<w:p>", '<w:p><w:bookmarkStart w:id="1"/>'))) is not None
    for odd in [
        PLAIN_CELL.replace("</w:p>", "</w:p>" + tbl(PLAIN_CELL)),  # nested table
        f"<w:sdt><w:sdtContent>{PLAIN_CELL}</w:sdtContent></w:sdt>",  # content control
        PLAIN_CELL.replace("<w:r>", '<w:ins w:id="1"><w:r>').replace("</w:r>", "</w:r></w:ins>"),
        PLAIN_CELL.replace("</w:p>", f"</w:p><w:r>{_t('散')}</w:r>"),  # text outside a paragraph
        PLAIN_CELL.replace("</w:tc>", "<w:tcPr/></w:tc>"),  # properties after the text
        PLAIN_CELL + "<w:bookmarkStart/>" + _t("散"),  # text outside a cell
    ]:
        assert _flat(tbl(odd)) is None, odd


def test_tails_and_nested_text_read_as_the_walk_reads_them() -> None:
    """A pretty-printed document: in a document with no tab, break, deletion or
    text box, the walk takes the whitespace after a w:t as text (itertext)."""
    pretty = f"<w:r>{_t('甲', ' ')}</w:r><w:r>{_t('乙')}</w:r>"
    nested = "<w:r><w:t>丙<w:t>丁</w:t>戊</w:t>己</w:r>"
    for runs, expected in [(pretty, "甲 乙"), (nested, "丙丁戊己")]:
        data = docx(f"<w:tbl><w:tr><w:tc><w:p>{runs}</w:p></w:tc></w:tr></w:tbl>")
        one_pass, walk = read_docx(data), read_docx(data, one_pass=False)
        assert one_pass == walk
        (table,) = one_pass.blocks
        assert [c.text for r in table.rows for c in r.cells] == [expected]  # type: ignore[union-attr]


# A w:t inside a w:t, each text and tail drawn apart: itertext reads them in
# the order a, b, c, d.
nested_t = st.builds(
    lambda a, b, c, d: f"<w:p><w:r><w:t>{a}<w:t>{b}</w:t>{c}</w:t>{d}</w:r></w:p>",
    text, text, text, text,
)


@SETTINGS
@given(
    xml=st.lists(
        st.one_of(paragraph(frozenset({"nested-t", "breaks", "wrappers"})), nested_t),
        min_size=1, max_size=3,
    )
)
def test_plain_paragraph_text_is_itertext(xml: list[str]) -> None:
    """A paragraph's plain text, read w:t by w:t, is itertext's, tails and
    nested w:t included."""
    root = etree.fromstring(docx_xml("".join(xml)))
    for p in root.iter(f"{W}p"):
        expected = "".join(str(text) for text in p.itertext(f"{W}t"))
        assert _plain_paragraph_text(p) == (expected, [])
