"""Page labels in Chinese (简体) and English.

Templates call ``_("English text")``. In "zh" it gives the Chinese, in "en" the English,
and in "both" (the standalone roster.html, printed for a mixed team) "中文 English".
A test checks that every text a template passes to ``_`` is in ``ZH``.
"""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
HTML_LANG = {"zh": "zh-CN", "en": "en", "both": "zh-CN"}

ZH: dict[str, str] = {
    # Values of the team's files shown on its page: shop tiers, platforms, rotation
    "big": "大店",
    "small": "小店",
    "Tmall": "天猫",
    "Taobao": "淘宝",
    "JD": "京东",
    "Douyin": "抖音",
    "Pinduoduo": "拼多多",
    "Kuaishou": "快手",
    "half-month": "半月轮换",
    "none": "不轮换",
    # Concurrency methods of the Erlang calculator (scheduler.demand.erlang.ConcurrencyMethod)
    "slots": "并发席位",
    "factor": "并发系数",
    "workload": "工作量",
    # Leave kinds (scheduler.team.model.LEAVE_KINDS)
    "annual": "年假",
    "sick": "病假",
    "personal": "事假",
    "compensatory": "调休",
    "marriage": "婚假",
    "maternity": "产假",
    "other": "其他",
    # Roster grid, status and coverage (shared with roster.html)
    "Agent": "客服",
    "Shops": "店铺",
    "Days": "出勤",
    "Days worked": "出勤天数",
    "Eve": "晚班",
    "Evening shifts": "晚班次数",
    "Wknd off": "周末休",
    "Weekend days off": "周末休息",
    "Blackout": "禁休",
    "Status": "状态",
    "Objective": "目标",
    "Bound": "下界",
    "Gap": "差距",
    "Solve time": "用时",
    "Shortfall": "缺口",
    "agent-shifts": "人·班",
    "at least": "至少",
    "unavoidable with this team": "以现有团队无法避免",
    "Unavoidable": "无法避免",
    "The cover is proven the best possible": "覆盖已证明为最优",
    "Biggest causes": "主要原因",
    "On 2 shops": "兼2店",
    "On 3 shops": "兼3店",
    "proven": "已证明",
    "Coverage": "覆盖",
    "required / planned agents": "需求 / 排班 人数",
    "Shift": "班次",
    "Roster": "排班表",
    "day": "早班",
    "evening": "晚班",
    "Day": "早",
    "Evening": "晚",
    "Off": "休",
    "Leave": "假",
    "Training": "训",
    "Not yet hired": "未入职",
    "primary": "主店",
    "secondary": "副店",
    "third": "第三店",
    # Site
    "CS roster": "客服排班",
    "Teams": "团队",
    "Team": "团队",
    "Language": "语言",
    "No teams yet.": "还没有团队。",
    "Load an example": "载入示例",
    "Load": "载入",
    "New team from files": "从文件新建团队",
    "Upload": "上传",
    "Name": "名称",
    "Agents": "客服",
    "Rosters": "排班版本",
    "Updated": "更新于",
    "Open": "打开",
    "Files": "文件",
    "Choose the team folder's files (team.toml, shops.csv, agents.csv, leave.csv, requirements.csv) or one .xlsx workbook with one sheet per file.": "选择团队文件夹中的文件(team.toml、shops.csv、agents.csv、leave.csv、requirements.csv),或一个每个文件一张工作表的 .xlsx 工作簿。",  # noqa: E501
    "The upload was refused; nothing was changed.": "上传被拒绝,没有任何更改。",
    "The change was refused; nothing was changed.": "修改被拒绝,没有任何更改。",
    "Replace files": "替换文件",
    "Only the files you choose are replaced.": "只替换所选的文件。",
    "history.csv and events.csv (optional) feed the forecast and the peak plan.": "history.csv 和 events.csv(可选)用于预测和大促计划。",  # noqa: E501
    "Download": "下载",
    "Workbook": "工作簿",
    "Edit": "编辑",
    "Save": "保存",
    "Cancel": "取消",
    "Rules": "规则",
    "Shifts": "班次",
    "Start": "开始",
    "End": "结束",
    "Paid hours": "计薪小时",
    "ends next day": "次日结束",
    "Blackouts": "禁休期",
    "Platform": "平台",
    "Tier": "级别",
    "Qualified shops": "可接店铺",
    "Max shops": "最多店铺",
    "Hired": "入职",
    "Fixed shift": "固定班次",
    "Kind": "类型",
    "Add leave": "添加请假",
    "Remove": "删除",
    "Requirements": "需求",
    "Month": "月份",
    "Rows": "行数",
    "Agent-shifts": "人·班",
    "Build a roster": "生成排班",
    "Time limit (s)": "时限(秒)",
    "Previous month's roster": "上月排班",
    "Automatic (published, else newest, of the month before)": "自动(上月已发布版本,否则最新)",
    "None": "无",
    "Build": "生成",
    "Builds": "生成任务",
    "Roster versions": "排班版本",
    "Version": "版本",
    "Created": "创建于",
    "Previous": "上月版本",
    # Publishing and comparing versions (issue 34)
    "Made by": "来源",
    "Published": "发布",
    "build": "排班生成",
    "re-plan of v%d": "v%d 的重排",
    "accepted request #%d": "批准的申请 #%d",
    "published": "已发布",
    "draft": "草稿",
    "compare with published": "与已发布版本比较",
    "Publish": "发布",
    "Published version": "已发布版本",
    "Published: the team's agents see this version.": "已发布:团队的客服看到的是这个版本。",
    "Draft: agents do not see this version.": "草稿:客服看不到这个版本。",
    "Agents will see this version; the month's other version goes back to draft.": (
        "客服将看到这个版本;本月原来发布的版本变回草稿。"
    ),
    "Compare versions": "版本比较",
    "against": "对比",
    "none yet": "尚无",
    "In one version only": "只在一个版本中",
    "Swap the two versions": "交换比较的两个版本",
    "Changes per agent": "每位客服的变动",
    "Changed days": "变动天数",
    "The two versions give every agent the same days.": "两个版本给每位客服的排班相同。",
    "Cover before and after": "变动前后的覆盖",
    "State": "进度",
    "queued": "排队中",
    "running": "运行中",
    "done": "完成",
    "failed": "失败",
    "cancelled": "已取消",
    "Elapsed": "已用时",
    "Solutions": "解",
    "Open the roster": "打开排班表",
    "Back to the team": "返回团队",
    "of the best roster found so far": "(目前最优排班)",
    "Stop and keep the best roster": "停止并保留当前最优排班",
    "Stop saves the best roster found so far as a new version; Cancel saves nothing.": "“停止”把目前找到的最优排班保存为新版本;“取消”不保存任何内容。",  # noqa: E501
    "Cancel ends the job; nothing is saved.": "“取消”结束任务,不保存任何内容。",
    "Peak plan": "大促计划",
    "Open the peak plan": "打开大促计划",
    "Filter": "筛选",
    "All shops": "全部店铺",
    "All shifts": "全部班次",
    "Show": "显示",
    "Click a row to highlight it.": "点击一行以高亮。",
    "Export": "导出",
    "Calendar": "日历",
    "Mon": "一",
    "Tue": "二",
    "Wed": "三",
    "Thu": "四",
    "Fri": "五",
    "Sat": "六",
    "Sun": "日",
    "Hours": "工时",
    "Evenings": "晚班",
    "Weekend days worked": "周末上班",
    "Rest days": "休息日",
    "Leave days": "请假天数",
    "Training days": "培训天数",
    "Role": "角色",
    "Share of capacity": "精力占比",
    "Calendar file (.ics)": "日历文件 (.ics)",
    "Required": "需求",
    "Planned": "排班",
    "Date": "日期",
    "Total": "合计",
    "Requirements by day": "每日需求",
    "No requirements for this month.": "本月没有需求。",
    "Not found": "未找到",
    "Access token required": "需要访问令牌",
    "Open the link with ?token=… or send the header Authorization: Bearer ….": "请用 ?token=… 打开链接,或发送请求头 Authorization: Bearer …。",  # noqa: E501
    "Build refused": "无法生成",
    "Rotation": "轮班方式",
    "Rest days per month": "每月休息天数",
    "Most workdays in a row": "最多连续上班天数",
    "Least rest between shifts (h)": "班次间最少休息(小时)",
    "Shops per agent": "每人店铺数",
    "Proposed changes": "调整建议",
    "Absence": "缺勤",
    "Re-planned from": "重排起始日",
    "Changed agent-days": "变动的人天",
    "Changed shop assignments": "变动的店铺分配",
    "Accepted as": "已采纳为",
    "Accept as a new version": "采纳为新版本",
    "v%d stays as it is; the accepted roster becomes the next version.": "v%d 保持不变;采纳后的排班成为下一个版本。",  # noqa: E501
    "Changes": "变动",
    "Before": "原排班",
    "After": "新排班",
    "Proposed roster": "建议的排班",
    "Changed cells are outlined; hover for the entry they replace.": "变动的格子有红框;鼠标悬停可看原排班。",  # noqa: E501
    "Review the proposed changes": "查看调整建议",
    "Mark an agent absent and re-plan": "登记缺勤并重排",
    "Re-plan": "重排",
    "The absence is saved as leave; days before it stay as they are, and the changes are proposed for you to accept.": "缺勤记为请假;缺勤之前的日子保持不变,调整作为建议供您采纳。",  # noqa: E501
    "was": "原为",
    # Peak plan (peak.html)
    "Window": "计划期",
    "Today": "今天",
    "Required vs available agent-shifts per day": "每日需求与现有人·班",
    "presale": "预售",
    "balance": "尾款",
    "peak": "高峰",
    "aftersale": "售后",
    "Cost per scenario": "各情景成本",
    "Required agent-shifts": "需求人·班",
    "Gap before the plan": "计划前缺口",
    "Gap after the plan": "计划后缺口",
    "Unanswered inquiries": "未接咨询",
    "Temps": "临时工",
    "Temps too late to hire": "已来不及招的临时工",
    "Overtime hours": "加班小时",
    "Most overtime, one agent in a month (h)": "单人单月最多加班(小时)",
    "Blackout days added": "新增禁休日",
    "Agents on a second shop": "兼第二店人数",
    "Agents on a third shop": "兼第三店人数",
    "Leave days cancelled": "取消请假天数",
    "Overtime pay (RMB)": "加班费(元)",
    "Temps (RMB)": "临时工费用(元)",
    "Cancelled leave (RMB)": "取消请假补偿(元)",
    "Blackout (RMB)": "禁休补贴(元)",
    "Total cost (RMB)": "总成本(元)",
    "Hiring calendar": "招聘日历",
    "Hire by": "最晚招聘日",
    "At work from": "上岗日",
    "Shop": "店铺",
    "Scenario": "情景",
    "Days left": "剩余天数",
    "No temps in any scenario.": "各情景都不需要临时工。",
    "Temps whose hire-by date is past (not in the plans)": "招聘日已过的临时工(未计入计划)",
    "Agents in the plan": "计划中的客服",
    "Extra shops": "兼店",
    "Leave cancelled": "取消请假",
    "Nothing asked of the team's agents.": "无需现有客服加班、兼店或取消请假。",
    # Forecast and requirements (forecast.html)
    "Demand": "需求预测",
    "Forecast and requirements": "预测与需求",
    "The forecast and the peak plan need the team's history.csv: upload it under Files.": "预测和大促计划需要团队的 history.csv:请在“文件”处上传。",  # noqa: E501
    "Staffing method": "人力测算方法",
    "Forecast from the history before": "预测依据此日之前的历史:",
    "inquiries handed to people (not the bot), with the 80% interval.": "为转人工咨询量,附 80% 区间。",  # noqa: E501
    "Inquiries per shop": "各店咨询量",
    "Month total": "月合计",
    "Busiest day": "最忙的一天",
    "Inquiries": "咨询量",
    "Event": "活动",
    "inquiries per day": "每日咨询量",
    "80% interval": "80% 区间",
    "Day shift's share": "早班占比",
    "No forecast for this shop: it has no history before the month.": "此店没有该月之前的历史,无法预测。",  # noqa: E501
    "Agent-shifts now": "现有需求(人·班)",
    "Agent-shifts from the forecast": "按预测(人·班)",
    "Busiest shift (agents)": "最忙班次(人)",
    "Save as the month's requirements": "保存为本月需求",
    "A new version of the team's files; earlier versions are kept and other months' rows stay.": "保存为团队文件的新版本;旧版本保留,其他月份的需求不变。",  # noqa: E501
    "No forecast": "无法预测",
    # Peak plan form (peak_form.html, peak_plan.html)
    "How many people a promotion needs, from when, and the cheapest way to get them: overtime, blackout days, cancelled leave, second shops and temps with hire-by dates, for each volume scenario.": "大促需要多少人、从哪天起,以及最省钱的办法:加班、禁休、取消请假、兼店和临时工(含最晚招聘日),按各咨询量情景计算。",  # noqa: E501
    "This team cannot be planned yet:": "该团队暂时无法做计划:",
    "The plan was not started:": "计划未开始:",
    "Year": "年份",
    "More scenarios": "更多情景",
    "As in team.toml": "按 team.toml",
    "Time limit per scenario (s)": "每个情景时限(秒)",
    "Plan": "计划",
    "Scenarios -20%, as forecast, +20% and +50% are always planned. The plan runs in the background (about a minute for a large team).": "总会计算 -20%、按预测、+20% 和 +50% 四个情景。计划在后台运行(大团队约一分钟)。",  # noqa: E501
    "Peak plans": "大促计划",
    "This plan was stored by an earlier version of the app and its page cannot be shown; its files are above. Plan again for the page.": "此计划由旧版本保存,页面无法显示;文件见上方。重新计划即可查看页面。",  # noqa: E501
    # Erlang calculator (erlang.html)
    "Erlang calculator": "Erlang 计算器",
    "Agents needed for one queue of chats: Erlang C, or Erlang A when buyers may leave (give their mean patience).": "一个咨询队列需要多少客服:用 Erlang C;买家可能离开时用 Erlang A(填写平均耐心时长)。",  # noqa: E501
    "Check these figures:": "请检查这些数值:",
    "Chats per interval": "每时段咨询量",
    "Interval (min)": "时段长度(分钟)",
    "Average handle time (s)": "平均处理时长(秒)",
    "Service level target (%)": "服务水平目标(%)",
    "Answered within (s)": "应答时限(秒)",
    "Mean patience (s), for Erlang A": "平均耐心时长(秒,用于 Erlang A)",
    "Chats an agent runs at once": "每人同时接待数",
    "Shrinkage (%)": "损耗率(%)",
    "Occupancy cap (%)": "占用率上限(%)",
    "Abandonment cap (%), Erlang A": "放弃率上限(%,Erlang A)",
    "Concurrency method": "并发计算方式",
    "Calculate": "计算",
    "Agents needed": "所需客服",
    "on duty": "在岗",
    "shrinkage": "损耗",
    "Traffic (erlangs)": "话务量(Erlang)",
    "Binding condition": "决定条件",
    "Service level": "服务水平",
    "answered within": "应答于",
    "Average speed of answer (s)": "平均应答时间(秒)",
    "Occupancy": "占用率",
    "Waited": "需等待",
    "Abandoned": "放弃",
    "On duty by concurrency method": "各并发方式的在岗人数",
    "service level": "服务水平",
    "occupancy cap": "占用率上限",
    "abandonment cap": "放弃率上限",
    "planned occupancy": "计划占用率",
    # Batch page (batch.html)
    "Roster batch": "批量排班",
    "Built": "已排",
    "Failed": "失败",
    "Ran on": "运行于",
    "Wall time": "总用时",
    "Node": "节点",
    "built": "已排",
    "bad input": "输入有误",
    "infeasible": "无可行排班",
    "no roster in time": "时限内未找到排班",
    # KPI and bonus (scheduler kpi, the KPI page)
    "KPI and bonus": "绩效与奖金",
    "KPI": "绩效",
    "Team average": "团队平均",
    "Total bonus": "奖金合计",
    "yuan": "元",
    "Shop weights": "店铺权重",
    "capacity": "按出勤占比",
    "explicit": "指定权重",
    "Bonus tiers": "奖金档位",
    "Rank": "排名",
    "Shops and weights": "店铺与权重",
    "Score": "得分",
    "score": "得分",
    "weight": "权重",
    "Bonus base": "奖金基数",
    "Bonus": "奖金",
    "Points to next tier": "距下一档分数",
    "lead": "主管",
    "pro rata": "按在职天数",
    "Share of month employed": "在职天数占比",
    "Bonus = tier base × score / 100, rounded to the yuan.": (
        "奖金 = 档位基数 × 得分 / 100，四舍五入到元。"
    ),
    "Agents hired during the month get it in proportion to their days employed.": (
        "月中入职者按在职天数折算。"
    ),
    "The lead's KPI: team average / own score": "主管绩效：团队平均 / 本人得分",
    "Holiday days worked": "节假日上班",
    "Blackout days worked": "禁休期上班",
    "Fairness ledger": "公平台账",
    "Shifts worked (not training): this month / year to date": (
        "上班天数（不含培训）：本月 / 本年累计"
    ),
    "Scores file": "评分文件",
    "or": "或",
    "No scores uploaded for this month yet.": "本月尚未上传评分。",
    "The scores were refused; nothing was changed:": "评分文件未被接受，未做任何更改：",
    # Accounts: login, the agent's page (me.html), the lead's inbox (inbox.html)
    "Against roster": "基于排班表",
    "Approve": "批准",
    "Audit log": "操作日志",
    "Decided": "已处理",
    "Leave until": "请假至",
    "Log in": "登录",
    "Log out": "退出登录",
    "My requests": "我的申请",
    "My shifts": "我的班次",
    "No pending requests.": "没有待处理的申请。",
    "No requests yet.": "还没有申请。",
    "No roster of this month is published yet.": "本月排班表尚未发布。",
    "Password": "密码",
    "Pending": "待处理",
    "Reason": "原因",
    "Reject": "驳回",
    "Request": "申请",
    "Requests": "申请",
    "Agents' requests": "客服申请",
    "Send request": "提交申请",
    "Subscribe to my calendar": "订阅我的日历",
    "Swap with agent": "换班对象",
    "Their date": "对方日期",
    "Username": "用户名",
    "Wished shift": "希望的班次",
    "Wrong username or password.": "用户名或密码错误。",
    "leave": "请假",
    "off": "休息",
    "swap": "换班",
    "wish": "意愿",
    "pending": "待处理",
    "approved": "已批准",
    "rejected": "已驳回",
    "Not allowed": "无权操作",
    "Log in first": "请先登录",
    "Not approved": "未能批准",
}

Translate = Callable[[str], str]


def translator(lang: str) -> Translate:
    """``_`` for templates: "zh", "en", or "both" (Chinese then English)."""
    if lang == "en":
        return _english
    if lang == "both":
        return _both
    return _chinese


EVENT_WORDS: dict[str, tuple[str, str]] = {
    # Built-in promotions and their phases (scheduler/demand/events.py): (zh, en)
    "double11": ("双11", "Double 11"),
    "double12": ("双12", "Double 12"),
    "618": ("618", "618"),
    "nianhuo": ("年货节", "New Year goods festival"),
    "presale": ("预售", "presale"),
    "balance": ("尾款", "balance"),
    "peak": ("高峰", "peak"),
    "aftersale": ("售后", "after-sales"),
}


def event_words(text: str, lang: str) -> str:
    """An event label ("double11 peak", "double11 2026") in ``lang``: the built-in codes
    become their names; a team's own event names (events.csv) stay as written."""
    index = 1 if lang == "en" else 0
    return " ".join(
        EVENT_WORDS[word][index] if word in EVENT_WORDS else word for word in text.split(" ")
    )


def _english(text: str) -> str:
    return text


def _chinese(text: str) -> str:
    return ZH.get(text, text)


def _both(text: str) -> str:
    zh = ZH.get(text)
    return text if zh is None or zh == text else f"{zh} {text}"


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page language: an explicit choice (link, then cookie), else the browser's, else zh.

    The browser's is the first of its Accept-Language tags, by quality, that is zh or en.
    """
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return choice
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
