"""The layouts of layouts.md as documents of other departments, described as
data: paragraphs and tables of cells with their spans and vertical merges.

Each document names the text form its fixture is written in and the binary
formats it is also rendered to. ``DEFECTS`` holds one-defect copies with the
rule codes they must give (and nothing else).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from gen.layout import Cell, Para, Table

TextForm = Literal["tab", "pipe", "cells"]
Binary = Literal["docx", "xlsx"]
Block = Para | Table


def c(text: str = "", span: int = 1) -> Cell:
    return Cell(text, span)


def top(text: str, span: int = 1) -> Cell:
    """The first cell of a vertical merge."""
    return Cell(text, span, vmerge="restart")


def cont(span: int = 1) -> Cell:
    """A cell covered by the vertical merge above it."""
    return Cell("", span, vmerge="continue")


def table(width: int, *rows: tuple[Cell, ...]) -> Table:
    for row in rows:
        if sum(cell.span for cell in row) != width:
            raise ValueError(f"row spans {sum(cell.span for cell in row)} of {width}: {row}")
    return Table(grid=(1000,) * width, rows=tuple(rows))


def title(text: str, entry: str = "") -> Para:
    return Para("title", text, entry, "C" if entry else "")


def para(text: str) -> Para:
    return Para("body", text)


@dataclass(frozen=True)
class LayoutDoc:
    name: str
    form: TextForm
    blocks: tuple[Block, ...]
    binaries: tuple[Binary, ...] = ()
    # Site boilerplate around the table (text forms only: a web page copied out).
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    # The text export stops right after this text (a truncated document).
    cut_after: str | None = None


# -- 1. 武汉市青山区教育局: central-style 申报表 copied from a web page -------
# Flattened HTML (rowspans lost), site boilerplate, unit code in brackets, no
# project code, 年度资金总额/财政拨款/其他资金, 实施期/年度 goals side by side,
# indicator columns 一级/二级/三级/指标值及单位/绩效标准, an 实施期 date range
# instead of a spending plan.

WUHAN = LayoutDoc(
    name="wuhan-education-declaration",
    form="pipe",
    binaries=("docx", "xlsx"),
    before=(
        "首页 | 信息公开 | 财政预决算 | 部门预算",
        "青山区教育局2023年项目支出绩效目标申报表",
        "发布时间：2023-02-20 15:30    来源：青山区教育局    浏览次数：326",
        "【字体：大 中 小】",
    ),
    after=(
        "分享到：微信 微博 QQ空间",
        "【打印本页】【关闭窗口】",
        "主办单位：武汉市青山区人民政府办公室  鄂ICP备05003329号",
    ),
    blocks=(
        title("2023年项目支出绩效目标申报表"),
        table(
            8,
            (c("项目名称", 2), c("青山区中小学校舍维修改造", 6)),
            (
                c("主管部门及代码", 2), c("[015001]武汉市青山区教育局", 2),
                c("实施单位", 2), c("青山区教育局基建办公室", 2),
            ),
            (top("项目资金（万元）", 2), c("年度资金总额", 2), c("320.00", 4)),
            (cont(2), c("其中：财政拨款", 2), c("300.00", 4)),
            (cont(2), c("其他资金", 2), c("20.00", 4)),
            (c("实施期", 2), c("2023年3月—2023年12月", 6)),
            (top("总体目标", 2), c("实施期目标", 3), c("年度目标", 3)),
            (
                cont(2),
                c("1、完成12所中小学校舍维修改造，消除校舍安全隐患；\n2、改善办学条件，保障师生在校安全。", 3),
                c("1、2023年8月底前完成12所学校屋面、外墙及门窗维修；\n2、维修工程竣工验收一次合格。", 3),
            ),
            (
                top("绩效指标"), c("一级指标"), c("二级指标"), c("三级指标", 2),
                c("指标值及单位"), c("绩效标准", 2),
            ),
            (
                cont(), top("产出指标"), c("数量指标"), c("维修改造学校数量", 2), c("12所"),
                c("按维修计划完成全部学校的维修改造", 2),
            ),
            (
                cont(), cont(), c("数量指标"), c("维修改造校舍面积", 2), c("≥12000平方米"),
                c("以设计图纸核定面积为准", 2),
            ),
            (
                cont(), cont(), c("质量指标"), c("竣工验收合格率", 2), c("100%"),
                c("经第三方竣工验收合格", 2),
            ),
            (
                cont(), cont(), c("时效指标"), c("工程完工时间", 2), c("2023年8月31日前"),
                c("在秋季开学前完工", 2),
            ),
            (
                cont(), cont(), c("成本指标"), c("单位面积维修成本", 2), c("≤260元/平方米"),
                c("不超过区住建局维修造价标准", 2),
            ),
            (
                cont(), top("效益指标"), c("社会效益指标"), c("校舍安全隐患消除率", 2), c("100%"),
                c("维修后校舍无C级、D级危房", 2),
            ),
            (
                cont(), cont(), c("可持续影响指标"), c("维修后校舍使用年限", 2), c("≥10年"),
                c("主体结构在质保期内正常使用", 2),
            ),
            (
                cont(), c("满意度指标"), c("服务对象满意度指标"), c("师生及家长满意度", 2),
                c("≥90%"), c("开展问卷调查", 2),
            ),
        ),
    ),
)

# -- 2. 长沙县农业农村局: one cell per line, no TABs --------------------------
# Title 绩效目标表（2022年度） with no project name, unit code in parentheses
# under 单位名称, 资金总额/财政拨款/其他资金, quarterly plan, prose goal,
# indicator columns 一级/二级/指标内容/指标值.

CHANGSHA = LayoutDoc(
    name="changsha-agriculture-goals",
    form="cells",
    binaries=("docx",),
    blocks=(
        title("绩效目标表（2022年度）"),
        para("单位：万元"),
        table(
            6,
            (c("单位名称", 2), c("(433001)长沙县农业农村局", 4)),
            (c("项目名称", 2), c("2022年高标准农田建设项目", 4)),
            (
                c("资金总额"), c("1500.00"), c("财政拨款"), c("1350.00"), c("其他资金"),
                c("150.00"),
            ),
            (c("资金用途"), c("用于项目区土地平整、灌溉排水、田间道路及农田输配电工程建设。", 5)),
            (top("资金支出计划（%）", 2), c("一季度"), c("二季度"), c("三季度"), c("四季度")),
            (cont(2), c("10.00"), c("40.00"), c("75.00"), c("100.00")),
            (
                c("绩效目标"),
                c(
                    "新建高标准农田1.2万亩，完善灌排、田间道路等配套设施，提高耕地质量和粮食综合生产能力，"
                    "项目区粮食亩产提高50公斤以上。",
                    5,
                ),
            ),
            (c("一级指标"), c("二级指标"), c("指标内容", 2), c("指标值", 2)),
            (top("产出指标"), c("数量指标"), c("新建高标准农田面积", 2), c("1.2万亩", 2)),
            (cont(), c("质量指标"), c("工程验收合格率", 2), c("100%", 2)),
            (cont(), c("时效指标"), c("项目完工时间", 2), c("2022年11月30日前", 2)),
            (top("效益指标"), c("经济效益指标"), c("项目区粮食亩产增加", 2), c("≥50公斤", 2)),
            (cont(), c("生态效益指标"), c("节水灌溉面积占比", 2), c("≥60%", 2)),
            (c("满意度指标"), c("服务对象满意度指标"), c("项目区农户满意度", 2), c("≥90%", 2)),
        ),
    ),
)

# -- 3. 水利部 central 审批表: 指标性质/指标方向/目标值/计量单位/分值/备注 ---------
# 项目总预算/当年年度预算/其中：财政资金/其中：其它资金, 总体目标 and 年度目标
# rows, the 2021 成本指标 一级 with 经济成本指标, weights adding up to 100.

APPROVAL = LayoutDoc(
    name="central-water-approval",
    form="tab",
    binaries=("docx", "xlsx"),
    blocks=(
        title("2022年度项目支出绩效目标审批表"),
        para("金额单位：万元"),
        table(
            9,
            (c("项目名称", 2), c("重点河湖水生态保护修复", 7)),
            (c("主管部门及代码", 2), c("[162]水利部", 3), c("实施单位", 2), c("流域水生态监测中心", 2)),
            (
                top("项目资金（万元）", 2), c("项目总预算", 2), c("2400.00"), c("当年年度预算", 2),
                c("800.00", 2),
            ),
            (
                cont(2), c("其中：财政资金", 2), c("760.00"), c("其中：其它资金", 2),
                c("40.00", 2),
            ),
            (
                c("总体目标", 2),
                c("1、用三年时间完成重点河湖岸线生态修复100公里；\n2、重点河段水质稳定达到Ⅲ类。", 7),
            ),
            (
                c("年度目标", 2),
                c("1、完成河湖岸线生态修复35公里；\n2、建成生态监测断面24个并投入运行。", 7),
            ),
            (
                c("一级指标"), c("二级指标"), c("三级指标"), c("指标性质"), c("指标方向"),
                c("目标值"), c("计量单位"), c("分值"), c("备注"),
            ),
            (
                top("产出指标"), c("数量指标"), c("修复河湖岸线长度"), c("≥"), c("正向"),
                c("35"), c("公里"), c("15"), c(""),
            ),
            (
                cont(), c("数量指标"), c("新建生态监测断面数量"), c("="), c("正向"), c("24"),
                c("个"), c("10"), c(""),
            ),
            (
                cont(), c("质量指标"), c("修复工程验收合格率"), c("="), c("正向"), c("100"),
                c("%"), c("15"), c(""),
            ),
            (
                cont(), c("时效指标"), c("年度修复任务完成时间"), c("≤"), c("反向"),
                c("2022年12月31日"), c(""), c("10"), c("以完工验收时间为准"),
            ),
            (
                c("成本指标"), c("经济成本指标"), c("单公里修复成本"), c("≤"), c("反向"), c("22"),
                c("万元/公里"), c("10"), c(""),
            ),
            (
                top("效益指标"), c("生态效益指标"), c("修复河段水质达标率"), c("≥"), c("正向"),
                c("90"), c("%"), c("15"), c(""),
            ),
            (
                cont(), c("可持续影响指标"), c("是否建立河湖管护长效机制"), c("定性"), c(""),
                c("是"), c(""), c("10"), c("落实管护主体和经费"),
            ),
            (
                c("满意度指标"), c("服务对象满意度指标"), c("沿河群众满意度"), c("≥"), c("正向"),
                c("90"), c("%"), c("15"), c(""),
            ),
        ),
    ),
)


# -- 4. 佛山市南海区卫生健康局: two numbered tables, 绩效标准/当年预期实现值 ----
# 年度本级预算金额/上级资金, monthly checkpoints 1-4月 … 1-12月, goals written
# 目标1：… 目标2：… inline, a 满意度 二级 with no 一级 cell of its own.

def _nanhai_table(
    name: str,
    local: str,
    superior: str,
    purpose: str,
    plan: tuple[str, str, str, str],
    goals: str,
    rows: tuple[tuple[str, str, str, str], ...],
) -> Table:
    grid_rows: list[tuple[Cell, ...]] = []
    for index, (level1, level2, standard, value) in enumerate(rows):
        before = rows[index - 1][0] if index else None
        after = rows[index + 1][0] if index + 1 < len(rows) else None
        if level1 and level1 == before:
            level1_cell = cont()
        elif level1 and level1 == after:
            level1_cell = top(level1)
        else:
            level1_cell = c(level1)
        grid_rows.append((level1_cell, c(level2), c(standard, 2), c(value, 2)))
    return table(
        6,
        (c("项目名称"), c(name, 5)),
        (c("年度本级预算金额", 2), c(local), c("上级资金", 2), c(superior)),
        (c("资金用途"), c(purpose, 5)),
        (c("资金支出计划（%）"), c("1-4月"), c("1-6月", 2), c("1-10月"), c("1-12月")),
        (c(""), c(plan[0]), c(plan[1], 2), c(plan[2]), c(plan[3])),
        (c("绩效目标"), c(goals, 5)),
        (c("一级指标"), c("二级指标"), c("绩效标准", 2), c("当年预期实现值", 2)),
        *grid_rows,
    )


NANHAI = LayoutDoc(
    name="nanhai-health-goals",
    form="tab",
    binaries=("xlsx",),
    blocks=(
        title("1、基本公共卫生服务项目绩效目标表"),
        para("填报单位：（440605）佛山市南海区卫生健康局"),
        para("金额单位：万元"),
        _nanhai_table(
            "基本公共卫生服务项目",
            "860.00",
            "1240.00",
            "用于为辖区常住居民提供健康档案管理、预防接种、慢性病患者健康管理等基本公共卫生服务。",
            ("30.00", "50.00", "80.00", "100.00"),
            "目标1：为辖区常住居民免费提供12类基本公共卫生服务；目标2：65岁及以上老年人健康管理率达到70%。",
            (
                ("产出指标", "数量指标", "老年人健康管理人数", "≥5.2万人"),
                ("产出指标", "质量指标", "高血压患者规范管理率", "≥65%"),
                ("产出指标", "时效指标", "年度服务任务完成时间", "2023年12月31日前"),
                ("效益指标", "社会效益指标", "居民健康素养水平", "≥30%"),
                ("", "服务对象满意度指标", "居民对基本公共卫生服务满意度", "≥85%"),
            ),
        ),
        title("2、家庭医生签约服务补助绩效目标表"),
        para("填报单位：（440605）佛山市南海区卫生健康局"),
        para("金额单位：万元"),
        _nanhai_table(
            "家庭医生签约服务补助",
            "300.00",
            "120.00",
            "用于对家庭医生团队开展签约服务给予补助。",
            ("45.00", "60.00", "85.00", "100.00"),
            "目标1：重点人群家庭医生签约覆盖率达到75%；目标2：签约居民续约率稳定在80%以上。",
            (
                ("产出指标", "数量指标", "组建家庭医生团队数量", "≥260个"),
                ("产出指标", "质量指标", "重点人群签约覆盖率", "≥75%"),
                ("效益指标", "社会效益指标", "签约居民续约率", "≥80%"),
                ("", "服务对象满意度指标", "签约居民满意度", "≥90%"),
            ),
        ),
    ),
)

# -- 5. 自评表: the funding matrix, expected and actual goals, 实际完成值 ------

SELF_EVALUATION = LayoutDoc(
    name="county-nutrition-self-evaluation",
    form="tab",
    binaries=("docx",),
    blocks=(
        title("2022年度项目支出绩效自评表"),
        table(
            10,
            (c("项目名称", 2), c("农村义务教育学生营养改善计划", 8)),
            (c("主管部门", 2), c("阜平县教育局", 3), c("实施单位", 2), c("阜平县学生资助管理中心", 3)),
            (
                top("项目资金（万元）", 2), c("", 2), c("年初预算数"), c("全年预算数"),
                c("全年执行数"), c("分值"), c("执行率"), c("得分"),
            ),
            (
                cont(2), c("年度资金总额", 2), c("560.00"), c("580.00"), c("571.30"), c("10"),
                c("98.50%"), c("9.85"),
            ),
            (
                cont(2), c("其中：当年财政拨款", 2), c("560.00"), c("580.00"), c("571.30"),
                c("—"), c("—"), c("—"),
            ),
            (cont(2), c("上年结转资金", 2), c(""), c(""), c(""), c("—"), c("—"), c("—")),
            (cont(2), c("其他资金", 2), c(""), c(""), c(""), c("—"), c("—"), c("—")),
            (top("年度总体目标", 2), c("预期目标", 4), c("实际完成情况", 4)),
            (
                cont(2),
                c("为全县42所农村义务教育学校约9800名学生提供营养膳食补助，改善学生营养健康状况。", 4),
                c("全年为42所学校9860名学生提供营养膳食补助，学生营养状况明显改善。", 4),
            ),
            (
                top("绩效指标"), c("一级指标"), c("二级指标"), c("三级指标"), c("年度指标值"),
                c("实际完成值"), c("分值"), c("得分"), c("偏差原因分析及改进措施", 2),
            ),
            (
                cont(), top("产出指标"), c("数量指标"), c("受益学生人数"), c("≥9800人"),
                c("9860人"), c("20"), c("20"), c("", 2),
            ),
            (
                cont(), cont(), c("数量指标"), c("供餐学校数量"), c("42所"), c("42所"), c("10"),
                c("10"), c("", 2),
            ),
            (
                cont(), cont(), c("质量指标"), c("供餐食品抽检合格率"), c("100%"), c("100%"),
                c("15"), c("15"), c("", 2),
            ),
            (
                cont(), cont(), c("时效指标"), c("补助资金拨付及时率"), c("100%"), c("95%"),
                c("10"), c("9"), c("个别学校报账滞后，已督促规范报账时间", 2),
            ),
            (
                cont(), top("效益指标"), c("社会效益指标"), c("学生营养状况改善率"), c("≥5%"),
                c("6.2%"), c("15"), c("15"), c("", 2),
            ),
            (
                cont(), cont(), c("可持续影响指标"), c("是否建立营养改善长效机制"), c("是"),
                c("是"), c("10"), c("10"), c("", 2),
            ),
            (
                cont(), c("满意度指标"), c("服务对象满意度指标"), c("学生及家长满意度"), c("≥90%"),
                c("75%"), c("10"), c("7"), c("部分学校菜品单一，下年度增加菜谱轮换", 2),
            ),
        ),
    ),
)

# -- 6. 南京市玄武区城市管理局: 长期 and 年度 side by side; prose funding ------

SIDE_BY_SIDE = LayoutDoc(
    name="xuanwu-side-by-side-horizons",
    form="tab",
    binaries=("docx",),
    blocks=(
        title("1、智慧城管平台运维项目绩效目标表"),
        table(
            7,
            (c("项目名称", 2), c("智慧城管平台运维项目", 5)),
            (c("主管部门及代码", 2), c("320102南京市玄武区城市管理局", 5)),
            (
                c("资金情况（万元）", 2),
                c("项目总额185.50万元，其中：财政资金165.50万元，自筹资金20万元。", 5),
            ),
            (
                top("绩效目标", 2), c("长期目标"),
                c("建成覆盖全区的智慧城管感知网络，城市管理问题发现、处置全流程闭环管理。", 4),
            ),
            (
                cont(2), c("年度目标"),
                c("保障平台全年稳定运行，新增视频监控点位300个，城市管理问题结案率达到93%以上。", 4),
            ),
            (
                c("一级指标"), c("二级指标（长期）"), c("三级指标（长期）"), c("指标值（长期）"),
                c("二级指标（年度）"), c("三级指标（年度）"), c("指标值（年度）"),
            ),
            (
                top("产出指标"), c("数量指标"), c("接入城管视频监控点位"), c("≥1200个"),
                c("数量指标"), c("本年新增视频监控点位"), c("≥300个"),
            ),
            (
                cont(), c("质量指标"), c("平台系统可用率"), c("≥99%"), c("质量指标"),
                c("平台年度故障修复率"), c("≥98%"),
            ),
            (
                cont(), c("时效指标"), c("案件平均处置时长"), c("≤48小时"), c("时效指标"),
                c("运维响应时间"), c("≤2小时"),
            ),
            (
                c("效益指标"), c("社会效益指标"), c("城市管理问题结案率"), c("≥95%"),
                c("社会效益指标"), c("年度城市管理问题结案率"), c("≥93%"),
            ),
            (
                c("满意度指标"), c("服务对象满意度指标"), c("市民对城市管理满意度"), c("≥90%"),
                c("服务对象满意度指标"), c("市民投诉回访满意度"), c("≥88%"),
            ),
        ),
    ),
)

# -- 7. 保定市竞秀区住房和城乡建设局: a 长期 grid, then a 年度 grid -------------
# The sample's part headings and funding block, Word TOC residue, a page
# number between the grids, spaced labels, indicator columns
# 一级/二级/三级/指标值/分值/指标解释.


def _grid_rows(rows: tuple[tuple[str, str, str, str, str, str], ...]) -> list[tuple[Cell, ...]]:
    return [
        (c(l1), c(l2), c(l3), c(value), c(weight), c(note, 2))
        for l1, l2, l3, value, weight, note in rows
    ]


_GRID_HEADER = (c("一 级 指 标"), c("二级指标"), c("三级指标"), c("指标值"), c("分值"), c("指标解释", 2))

TWO_GRIDS = LayoutDoc(
    name="jingxiu-two-grids",
    form="tab",
    blocks=(
        Para("part", "第三部分"),
        Para("part", "预算项目绩效目标"),
        title("1、城区道路桥梁维护经费绩效目标表", "1、城区道路桥梁维护经费绩效目标表"),
        table(
            7,
            (c("130602保定市竞秀区住房和城乡建设局", 5), c("单位：万元", 2)),
            (c("项 目 编 码"), c("130-6021-JBN-Q7M2", 2), c("项目名称"), c("城区道路桥梁维护经费", 3)),
            (
                top("预算规模及资金用途"), c("预算数"), c("245.00"), c("其中：财政资金"),
                c("245.00"), c("其他资金"), c(""),
            ),
            (cont(), c("用于城区主次干道、桥梁日常养护和病害维修。", 6)),
            (top("资金支出计划（%）"), c("3月底", 2), c("6月底"), c("10月底", 2), c("12月底")),
            (cont(), c("20.00", 2), c("50.00"), c("85.00", 2), c("100.00")),
            (
                c("绩 效 目 标"),
                c("1、城区道路完好率保持在95%以上；\n2、全年完成32公里道路维修。", 6),
            ),
            (c("实施期绩效指标", 7),),
            _GRID_HEADER,
            *_grid_rows(
                (
                    ("产出指标", "数量指标", "城区道路维护总里程", "≥86公里", "20", "反映全年纳入养护范围的城区道路长度"),
                    ("", "质量指标", "道路完好率", "≥95%", "20", "反映路面无坑槽、无破损的道路所占比例"),
                    ("", "时效指标", "坑槽修复完成时限", "≤48小时", "10", "反映自接到报修到坑槽修复的用时"),
                    ("效益指标", "经济效益 指标", "道路维护成本节约率", "≥5%", "15", "反映单位里程养护费用较上年的下降幅度"),
                    ("", "社会效益指标", "城区主干道通行效率提升", "≥10%", "15", "反映主干道高峰时段平均车速的提高幅度"),
                    ("满意度指标", "服务对象满意度指标", "市民对道路维护满意度", "≥90%", "20", "反映沿线居民对道路维护工作的满意程度"),
                )
            ),
        ),
        para("- 2 -"),
        table(
            7,
            (c("年度绩效指标", 7),),
            _GRID_HEADER,
            *_grid_rows(
                (
                    ("产出指标", "数量指标", "本年维修道路里程", "≥32公里", "20", "反映当年完成大中修的道路长度"),
                    ("", "质量指标", "维修工程验收合格率", "100%", "20", "反映一次通过竣工验收的维修工程所占比例"),
                    ("", "时效指标", "年度维修任务完成时间", "2024年10月31日前", "10", "反映全部维修工程交付使用的日期"),
                    ("效益指标", "经济效益 指标", "道路维修单位成本下降率", "≥3%", "15", "反映每公里维修费用较上年的下降幅度"),
                    ("", "社会效益指标", "道路病害投诉量下降率", "≥10%", "15", "反映12345热线受理的道路病害投诉量较上年的下降幅度"),
                    ("满意度指标", "服务对象满意度指标", "沿线居民满意度", "≥90%", "20", "反映沿线居民对道路维护工作的满意程度"),
                )
            ),
        ),
    ),
)

# -- 8. 温州市鹿城区民政局: one table, no title at all; 实施进度 steps ----------

UNTITLED = LayoutDoc(
    name="lucheng-untitled-table",
    form="pipe",
    binaries=("docx",),
    blocks=(
        table(
            8,
            (c("项目名称", 2), c("社区养老服务中心运营补贴", 3), c("部门名称", 1), c("温州市鹿城区民政局", 2)),
            (
                c("预算数"), c("96.00"), c("其中：财政资金", 2), c("96.00"), c("其他资金", 2),
                c(""),
            ),
            (c("资金用途", 2), c("对辖区12家社区养老服务中心按服务量给予运营补贴。", 6)),
            (top("实施进度", 2), c("任务名称", 2), c("开始时间", 2), c("完成时间", 2)),
            (cont(2), c("签订运营补贴协议", 2), c("2024年1月", 2), c("2024年2月", 2)),
            (cont(2), c("季度服务量考核", 2), c("2024年3月", 2), c("2024年12月", 2)),
            (cont(2), c("拨付运营补贴", 2), c("2024年4月", 2), c("2024年12月", 2)),
            (
                c("绩效目标", 2),
                c("1、12家社区养老服务中心正常运营；\n2、全年提供日间照料服务18000人次以上。", 6),
            ),
            (
                c("一级指标"), c("二级指标"), c("三级指标"), c("绩效指标描述", 2), c("指标值"),
                c("指标值确定依据", 2),
            ),
            (
                top("产出指标"), c("数量指标"), c("日间照料服务人次"),
                c("为社区老年人提供日间照料服务", 2), c("≥18000人次"), c("按上年服务人次及床位数测算", 2),
            ),
            (
                cont(), c("质量指标"), c("服务安全事故"), c("全年不发生服务安全责任事故", 2),
                c("0起"), c("《养老机构服务安全基本规范》", 2),
            ),
            (
                cont(), c("时效指标"), c("补贴资金拨付时间"), c("年度补贴资金拨付完毕", 2),
                c("2024年12月31日前"), c("运营补贴协议约定", 2),
            ),
            (
                top("效益指标"), c("社会效益指标"), c("老年人助餐覆盖率"),
                c("辖区60岁以上老人助餐服务覆盖", 2), c("≥30%"), c("区养老服务发展规划", 2),
            ),
            (
                cont(), c("可持续影响指标"), c("中心持续运营年限"), c("保障中心长期稳定运营", 2),
                c("≥3年"), c("运营协议约定期限", 2),
            ),
            (
                c("满意度指标"), c("服务对象满意度指标"), c("老年人及家属满意度"),
                c("服务对象对照料服务的满意程度", 2), c("≥90%"), c("第三方问卷调查", 2),
            ),
        ),
    ),
)

# -- 9. A document cut off in the middle of a word (and of its first table) ---

TRUNCATED = replace(
    NANHAI,
    name="nanhai-truncated",
    binaries=(),
    cut_after="为辖区常住居民免费提供12类基本公共卫",
)

LAYOUTS: dict[str, LayoutDoc] = {
    doc.name: doc
    for doc in (WUHAN, CHANGSHA, APPROVAL, NANHAI, SELF_EVALUATION, SIDE_BY_SIDE, TWO_GRIDS, UNTITLED)
}


def replace_text(doc: LayoutDoc, old: str, new: str, name: str) -> LayoutDoc:
    """A copy of ``doc`` with the one cell (or paragraph) reading ``old`` changed."""
    found = 0

    def cell(cell: Cell) -> Cell:
        nonlocal found
        if cell.text == old:
            found += 1
            return replace(cell, text=new)
        return cell

    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            rows = tuple(tuple(cell(x) for x in row) for row in block.rows)
            blocks.append(replace(block, rows=rows))
        else:
            blocks.append(block)
    if found != 1:
        raise ValueError(f"{old!r} found {found} times in {doc.name}")
    return replace(doc, name=name, blocks=tuple(blocks), binaries=())


DEFECTS: dict[str, tuple[LayoutDoc, frozenset[str]]] = {
    doc.name: (doc, frozenset(codes))
    for doc, codes in (
        # 320.00 ≠ 300.00 + 10.00
        (replace_text(WUHAN, "20.00", "10.00", "wuhan-education-declaration-defect"), {"PG201"}),
        # the cumulative plan falls from 40 to 35
        (replace_text(CHANGSHA, "75.00", "35.00", "changsha-agriculture-goals-defect"), {"PG301"}),
        # the same annual goal twice
        (
            replace_text(
                APPROVAL,
                "1、完成河湖岸线生态修复35公里；\n2、建成生态监测断面24个并投入运行。",
                "1、完成河湖岸线生态修复35公里；\n2、完成河湖岸线生态修复35公里。",
                "central-water-approval-defect",
            ),
            {"PG501"},
        ),
        # 1-6月 left empty between 1-4月 and 1-10月 (table 2)
        (replace_text(NANHAI, "60.00", "", "nanhai-health-goals-defect"), {"PG303"}),
        # a satisfaction target below 80%; the 75% actual value is no target
        (
            replace_text(
                SELF_EVALUATION, "≥90%", "≥60%", "county-nutrition-self-evaluation-defect"
            ),
            {"PG405"},
        ),
        # the prose funding does not add up: 165.50 + 10 ≠ 185.50
        (
            replace_text(
                SIDE_BY_SIDE,
                "项目总额185.50万元，其中：财政资金165.50万元，自筹资金20万元。",
                "项目总额185.50万元，其中：财政资金165.50万元，自筹资金10万元。",
                "xuanwu-side-by-side-horizons-defect",
            ),
            {"PG201"},
        ),
        # a timeliness row of the 年度 grid that speaks of satisfaction
        (
            replace_text(TWO_GRIDS, "年度维修任务完成时间", "沿线居民出行满意", "jingxiu-two-grids-defect"),
            {"PG406"},
        ),
        # the project name left blank
        (replace_text(UNTITLED, "社区养老服务中心运营补贴", "", "lucheng-untitled-table-defect"), {"PG003"}),
    )
}
