"""Joining what a page break cut apart in a PDF's tables, on the shapes Word and LibreOffice
give them (pipeline/parse/stream.py): a row cut inside, and a row cut inside cells merged over
it from above."""
from __future__ import annotations

from pipeline.parse.stream import TableItem, merge_page_breaks
from pipeline.parse.tables import known_label


def _pages(above: list[list[str]], below: list[list[str]]) -> list[TableItem]:
    return [TableItem(rows=above, at_page_bottom=True), TableItem(rows=below, at_page_top=True)]


def test_a_row_cut_by_the_page_is_one_row_again() -> None:
    above = [["联系人", "王喆"], ["获得资质\n和荣誉", "国家高新技术企业；广东省守合同"]]
    below = [["", "重信用企业"], ["邮政编码", "515041"]]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert table.rows == [["联系人", "王喆"], ["获得资质\n和荣誉", "国家高新技术企业；广东省守合同\n重信用企业"],
                          ["邮政编码", "515041"]]


def test_a_row_cut_inside_merged_block_cells_gives_their_rest_back_to_them() -> None:
    """LibreOffice cut "纳税总额（万元）| 257 | 电子商务服务收入（万元）| 1084" under the block
    label "……概况及主要经济指标" and "2018 年情况", both merged over it: the page below starts
    with the rest of the block label and of the row's own labels."""
    above = [["电子商务\n平台示范\n单位概况\n及主要经", "2018 年\n情况", "主营业务\n收入(万元)", "5974", "利润总额", "465"],
             ["纳税总额", "257", "电子商务", "1084"]]
    below = [["济指标", "", "(万元)", "", "服务收入\n(万元)", ""],
             ["2019 年\n情况", "主营业务\n收入(万元)", "7860", "利润总额", "612"]]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert table.rows[0][0] == "电子商务\n平台示范\n单位概况\n及主要经\n济指标"
    assert table.rows[1] == ["纳税总额\n(万元)", "257", "电子商务\n服务收入\n(万元)", "1084"]
    assert table.rows[2][0] == "2019 年\n情况"


def test_a_block_label_printed_again_whole_starts_a_new_block() -> None:
    """This tool's PDFs print a block label cut by the page again, whole: a new row, even when
    a value in it is left empty."""
    above = [["2018 年\n情况", "主营业务收入", "5974"], ["纳税总额", "257"]]
    below = [["2018 年\n情况", "电子商务服务收入", ""], ["员工总数", "108"]]
    unjoined = [list(row) for row in above + below]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert table.rows == unjoined


def test_a_new_block_at_the_top_of_a_page_is_not_glued_to_the_row_above() -> None:
    """The shape of a row cut inside merged cells, but every label whole: the 电子商务平台试点
    block of 附件2 beginning on a new page with its values left empty (a 区域 applicant)."""
    above = [["电子商务区域试点单位概况及主要经济指标（2019 年）", "电子商务服务商入驻数", "63", "电子商务服务合计收入（万元）", "6,820"],
             ["电子商务服务商入驻数", "63", "电子商务服务合计收入（万元）", "6,820"]]
    below = [["电子商务平台试点单位概况及主要经济指标（2019 年）", "主营业务收入（万元）", "", "利润总额（万元）", ""],
             ["纳税总额（万元）", "", "电子商务服务收入（万元）", ""]]
    unjoined = [list(row) for row in above + below]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert table.rows == unjoined


def test_two_labels_are_not_glued_into_one_across_a_page() -> None:
    """A row whose value is left empty, first on its page, under a row with a value: same
    shape as a cut row, but joining would glue two whole labels."""
    above = [["联系人", "王喆"], ["网址", "https://www.pintuo-ec.com"]]
    below = [["邮政编码", ""], ["职务", "运营总监"]]
    unjoined = [list(row) for row in above + below]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert table.rows == unjoined


def test_the_empty_bottom_of_a_cut_row_is_not_a_row() -> None:
    """LibreOffice cut a data table's row just above its bottom padding: the next page begins
    with an empty row of the same cells, which is no row of the table."""
    above = [["年度", "主营业务收入（万元）"], ["2018", "5974"]]
    below = [["", ""], ["2019", "7860"]]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert table.rows == [["年度", "主营业务收入（万元）"], ["2018", "5974"], ["2019", "7860"]]


def test_a_data_row_with_an_empty_cell_first_on_its_page_is_a_new_row() -> None:
    """附件3's rows: row 13 starts page 2 with its 备注 left empty; it is not the rest of row 12."""
    above = [["序号", "单位名称", "申报类别", "备注"], ["12", "广州第12号供应链管理有限公司", "电子商务服务商示范", "第三批"]]
    below = [["13", "广州第13号供应链管理有限公司", "电子商务服务商示范", ""]]
    unjoined = [list(row) for row in above + below]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert table.rows == unjoined


def test_a_data_row_cut_inside_goes_on_with_its_first_cell_empty() -> None:
    above = [["服务项目", "主要服务量"], ["物流与金融对接", "对接融资2.6亿元，服务中小企业"]]
    below = [["", "146家"], ["合计", "—"]]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert table.rows == [["服务项目", "主要服务量"], ["物流与金融对接", "对接融资2.6亿元，服务中小企业\n146家"], ["合计", "—"]]


def test_a_data_row_cut_in_its_first_column_goes_on() -> None:
    """LibreOffice cut "合作门店数（家）" in a data table's first column: only that cell goes on."""
    above = [["指标", "2021年", "2022年", "2023年"], ["合作门店数", "2300", "4500", "6800"]]
    below = [["（家）", "", "", ""], ["日均订单量（万单）", "8.2", "13.6", "20.5"]]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert table.rows[1] == ["合作门店数\n（家）", "2300", "4500", "6800"] and len(table.rows) == 3


def test_a_row_cut_with_every_cell_going_on_is_one_row_when_that_makes_its_labels_whole() -> None:
    """Found by tests/wild2 (LibreOffice, Noto Serif, a cell vertically centred): no cell of the
    cut row is empty on either side, but "纳税总额（万" / "元）" and "电子商务服务收" / "入（万元）"
    are the form's labels cut in two."""
    above = [["电子商\n务平台\n试点单", "主营业务收入\n（万元）", "7860", "利润总额（万\n元）", "612"],
             ["纳税总额（万", "", "电子商务服务收", "1426 万"]]
    below = [["位概况\n及主要\n经济指\n标", "元）", "338 万\n元", "入（万元）", "元"],
             ["员工\n总数", "142", "中高级职业资格\n人员比例", "27.5%"]]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert [cell.strip() for cell in table.rows[1]] == ["纳税总额（万\n元）", "338 万\n元", "电子商务服务收\n入（万元）", "1426 万\n元"]
    assert table.rows[2][0] == "员工\n总数"


def test_a_whole_label_above_is_not_taken_for_a_cut_group_cell() -> None:
    """The rest of a block label on the next page ("单位概况及主要经济指标") does not go back into
    the nearest row of that width above when its cell there is a whole label (办公电话)."""
    above = [["办公电话", "0769-81126688", "传真", "0769-81126699", "电子邮箱", "a@b.cn"],
             ["获得资质\n和荣誉", "国家高新技术企业"], ["电子商务\n区域示范", "名称", "", "主导产业", ""],
             ["2018 年", "入园企业", "", "年产值", ""]]
    below = [["单位概况\n及主要经\n济指标", "情况", "总数", "", "（亿元）", ""],
             ["电子商务\n服务商入\n驻数", "", "电子商务\n服务合计\n收入（万\n元）", ""]]
    [table] = merge_page_breaks(_pages(above, below), known_label())
    assert table.rows[0][0] == "办公电话"
