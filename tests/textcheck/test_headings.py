"""PG603: copied_heading on pasted section structure, and on lists that are not."""

from __future__ import annotations

import pytest

from perfgoals.textcheck import copied_heading

TABLE_19_PURPOSE = (
    "组织起草市长讲话和其他重要文稿；负责市政府全体会议、常务会议、市长办公会议的记录、"
    "纪要整理；办理文印传真收发工作；负责编纂市政府大事记。\n"
    "（二）综合二至七科。负责各副市长的讲话及分管工作文件的起草、审核、校印；"
    "负责各副市长批示和交办事项的协调、督导、落实和反馈。"
)


def test_table_19_purpose() -> None:
    assert copied_heading(TABLE_19_PURPOSE) == "（二）综合二至七科。"


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("做好日常工作。\n二、资金管理\n加强资金管理", "二、资金管理"),
        ("负责机关日常运转。（三）督查室。负责督办反馈", "（三）督查室。"),
        ("保障机关运转。\n第二章 总则", "第二章 总则"),
        ("保障办公设备正常使用。(4)设备购置：台式机10台", "(4)设备购置："),
    ],
)
def test_pasted_headings(text: str, heading: str) -> None:
    assert copied_heading(text) == heading


@pytest.mark.parametrize(
    "text",
    [
        "1、奖励资金到位",
        "1、编撰年鉴\n2、服务对象满意",  # goal numbering
        "（二）综合二至七科。负责各副市长的讲话及分管工作文件的起草",  # opens with it
        "主要用于：\n（2）购置电脑",  # a list introduced by a colon
        "包括（1）购置电脑（2）购置打印机",  # enumeration inside a sentence
        "（一）设备购置。\n（二）人员培训。",  # a list numbered from one
        "资金用于：（一）设备购置；（二）人员培训。",
        "按照《预算法》第二章规定执行。第三章规定的事项另行安排",  # citations
        "统一标准。统一、规范管理",
        "派遣团（组）出国访问。\n邀请外宾来访",
        "",
    ],
)
def test_not_pasted(text: str) -> None:
    assert copied_heading(text) is None
