"""The bilingual vocabulary of the demo's work: projects, phases, tasks, risks and issues.

Every entry is ``(English, 中文)``; ``{}`` in a template takes a module, plant area or
component name in the matching language.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpmo.services.demo.names import Bi

# Vocabulary tables read better with several entries per line.
# fmt: off


@dataclass(frozen=True, slots=True)
class ProjectTemplate:
    """A kind of project: ``{city}``, ``{product}`` or ``{country}`` in its names are filled
    in; ``domain`` picks its task vocabulary; overseas projects are budgeted in USD."""

    name: Bi
    department: str
    domain: str
    objectives: tuple[str, ...]
    overseas: bool = False


PROJECTS: tuple[ProjectTemplate, ...] = (
    ProjectTemplate(
        ("MES rollout at the {city} plant", "{city}工厂MES系统上线"),
        "MFG", "software", ("SO-2.1",)),
    ProjectTemplate(
        ("Smart warehouse in {city}", "{city}智能仓储建设"),
        "SCM", "plant", ("SO-2.1", "SO-3")),
    ProjectTemplate(
        ("Production line automation in {city}", "{city}产线自动化改造"),
        "MFG", "plant", ("SO-2.1", "SO-3")),
    ProjectTemplate(
        ("Upgrade ERP to SAP S/4HANA", "ERP升级至SAP S/4HANA"),
        "IT", "software", ("SO-2", "SO-2.2")),
    ProjectTemplate(
        ("CRM replacement", "CRM系统替换"),
        "SAL", "software", ("SO-2", "SO-1")),
    ProjectTemplate(
        ("Enterprise data platform", "企业数据中台建设"),
        "IT", "software", ("SO-2.2",)),
    ProjectTemplate(
        ("Supplier collaboration portal", "供应商协同平台"),
        "PRC", "software", ("SO-2", "SO-3")),
    ProjectTemplate(
        ("E-commerce flagship store", "电商旗舰店建设"),
        "MKT", "software", ("SO-1",)),
    ProjectTemplate(
        ("New product development: {product}", "新产品开发：{product}"),
        "RND", "product", ("SO-1.1",)),
    ProjectTemplate(
        ("Next-generation {product}", "新一代{product}研发"),
        "RND", "product", ("SO-1.1", "SO-1")),
    ProjectTemplate(
        ("ISO 27001 certification", "ISO 27001信息安全认证"),
        "IT", "business", ("SO-2",)),
    ProjectTemplate(
        ("Finance shared service centre", "财务共享服务中心建设"),
        "FIN", "business", ("SO-3",)),
    ProjectTemplate(
        ("HR digitalisation (e-HR)", "人力资源数字化（e-HR）"),
        "HR", "software", ("SO-2",)),
    ProjectTemplate(
        ("Brand refresh campaign", "品牌焕新推广活动"),
        "MKT", "business", ("SO-1",)),
    ProjectTemplate(
        ("Cost reduction at the {city} plant", "{city}工厂降本增效专项"),
        "MFG", "business", ("SO-3",)),
    ProjectTemplate(
        ("Quality traceability system", "质量追溯系统建设"),
        "QA", "software", ("SO-3", "SO-2.2")),
    ProjectTemplate(
        ("Energy-saving retrofit in {city}", "{city}节能改造"),
        "EHS", "plant", ("SO-3",)),
    ProjectTemplate(
        ("Network security upgrade", "网络安全升级"),
        "IT", "software", ("SO-2",)),
    ProjectTemplate(
        ("Data centre migration to the cloud", "数据中心上云迁移"),
        "IT", "software", ("SO-2", "SO-3")),
    ProjectTemplate(
        ("Market entry: {country}", "{country}市场开拓"),
        "SAL", "business", ("SO-1.2",), True),
    ProjectTemplate(
        ("Local assembly plant in {country}", "{country}本地组装工厂建设"),
        "MFG", "plant", ("SO-1.2", "SO-1"), True),
    ProjectTemplate(
        ("Predictive maintenance pilot in {city}", "{city}预测性维护试点"),
        "MFG", "software", ("SO-2.1", "SO-3")),
    ProjectTemplate(
        ("Digital twin of the {city} plant", "{city}工厂数字孪生"),
        "MFG", "software", ("SO-2.1",)),
    ProjectTemplate(
        ("Lean manufacturing in {city}", "{city}精益生产推行"),
        "MFG", "business", ("SO-3",)),
    ProjectTemplate(
        ("Supplier quality improvement", "供应商质量提升"),
        "QA", "business", ("SO-3",)),
    ProjectTemplate(
        ("Customer service hotline upgrade", "客户服务热线升级"),
        "CS", "software", ("SO-1",)),
    ProjectTemplate(
        ("Contract management system", "合同管理系统"),
        "LEG", "software", ("SO-2",)),
    ProjectTemplate(
        ("Sales and operations planning (S&OP)", "产销协同计划（S&OP）"),
        "SCM", "business", ("SO-3", "SO-2.2")),
    ProjectTemplate(
        ("Safety management system in {city}", "{city}安全生产管理体系建设"),
        "EHS", "business", ("SO-3",)),
    ProjectTemplate(
        ("Strategy execution dashboard", "战略执行看板"),
        "STR", "software", ("SO-2.2",)),
)

#: Phases by methodology, as (kind, name, 中文); ``sprint`` repeats as Sprint 1, 2, ...
PHASES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "waterfall": (
        ("initiation", "Initiation", "项目启动"), ("requirements", "Requirements", "需求分析"),
        ("design", "Design", "方案设计"), ("build", "Build", "开发实施"),
        ("testing", "Testing", "测试验证"), ("deployment", "Deployment", "部署上线"),
        ("closure", "Closure", "项目收尾"),
    ),
    "agile": (
        ("initiation", "Inception", "项目启动"), ("sprint", "Sprint", "迭代"),
        ("deployment", "Release", "版本发布"), ("closure", "Closure", "项目收尾"),
    ),
    "hybrid": (
        ("initiation", "Initiation", "项目启动"), ("design", "Design", "总体设计"),
        ("sprint", "Sprint", "迭代"), ("testing", "Integration test", "集成测试"),
        ("deployment", "Go-live", "上线切换"), ("closure", "Closure", "项目收尾"),
    ),
}

#: Relative share of a project's tasks per phase kind.
PHASE_WEIGHTS: dict[str, float] = {
    "initiation": 0.6, "requirements": 1.0, "design": 1.2, "build": 3.2, "testing": 1.4,
    "deployment": 1.0, "closure": 0.6, "sprint": 1.4,
}

#: The milestone closing each phase kind.
MILESTONES: dict[str, Bi] = {
    "initiation": ("Charter approved", "项目章程批准"),
    "requirements": ("Requirements baselined", "需求基线确认"),
    "design": ("Design approved", "设计评审通过"),
    "build": ("Build complete", "开发完成"),
    "testing": ("Acceptance tests passed", "验收测试通过"),
    "deployment": ("Go-live", "正式上线"),
    "closure": ("Project closed", "项目关闭"),
    "sprint": ("Sprint {} done", "迭代{}完成"),
}

#: Tasks of the phases that do not depend on the project's domain.
PHASE_TASKS: dict[str, tuple[Bi, ...]] = {
    "initiation": (
        ("Draft project charter", "编制项目章程"), ("Identify stakeholders", "识别干系人"),
        ("Kick-off meeting", "召开项目启动会"), ("Review business case", "评审商业论证"),
        ("Define scope", "确定项目范围"), ("Set up project team", "组建项目团队"),
        ("Initial risk assessment", "初步风险评估"),
    ),
    "requirements": (
        ("Survey current processes", "现状流程调研"), ("Collect user requirements", "收集用户需求"),
        ("Write requirements specification", "编写需求规格说明书"),
        ("Review requirements", "需求评审"),
        ("Define non-functional requirements", "定义非功能需求"),
        ("Analyse data requirements", "数据需求分析"),
        ("Prototype key screens", "关键界面原型设计"),
    ),
    "design": (
        ("Architecture design", "总体架构设计"), ("Interface design", "接口设计"),
        ("Detailed design", "详细设计"), ("Security design", "安全方案设计"),
        ("Design review", "设计评审"), ("Infrastructure planning", "基础设施规划"),
        ("Select equipment and vendors", "设备与供应商选型"),
    ),
    "testing": (
        ("System integration test", "系统集成测试"), ("Performance test", "性能测试"),
        ("Security test", "安全测试"), ("User acceptance test", "用户验收测试"),
        ("Fix defects", "缺陷修复"), ("Regression test", "回归测试"),
        ("Write test report", "编写测试报告"),
    ),
    "deployment": (
        ("Prepare production environment", "准备生产环境"), ("Migrate data", "数据迁移"),
        ("Train users", "用户培训"), ("Cut-over rehearsal", "切换演练"),
        ("Cut-over", "正式切换"), ("Hypercare support", "上线保障支持"),
    ),
    "closure": (
        ("Acceptance sign-off", "项目验收签字"), ("Lessons learned workshop", "经验教训总结会"),
        ("Archive project documents", "项目文档归档"), ("Write final report", "编写项目总结报告"),
        ("Hand over to operations", "移交运维"), ("Release resources", "释放项目资源"),
    ),
}

#: Work packages of the build phases and sprints, by domain.
MODULES: dict[str, tuple[Bi, ...]] = {
    "software": (
        ("Order management", "订单管理"), ("Inventory", "库存管理"),
        ("Production scheduling", "生产排程"), ("Quality inspection", "质量检验"),
        ("Reporting", "报表分析"), ("User and role management", "用户权限管理"),
        ("Customer portal", "客户门户"), ("Mobile app", "移动应用"),
        ("Master data", "主数据管理"), ("Workflow approval", "流程审批"),
    ),
    "plant": (
        ("Stamping line", "冲压线"), ("Welding line", "焊装线"), ("Painting line", "涂装线"),
        ("Assembly line", "总装线"), ("Warehouse racking", "立体货架"),
        ("Conveyor system", "输送系统"), ("Utilities", "公用工程"), ("Control room", "中控室"),
    ),
    "product": (
        ("Power board", "功率板"), ("Control board", "控制板"), ("Enclosure", "外壳结构"),
        ("Firmware", "固件"), ("Thermal design", "散热设计"), ("Packaging", "包装"),
        ("Certification tests", "认证测试"),
    ),
    "business": (
        ("Process redesign", "流程再造"), ("Policies", "制度建设"), ("Training", "培训推广"),
        ("Communication", "宣传沟通"), ("Pilot", "试点运行"),
        ("Performance indicators", "绩效指标"),
    ),
}

#: Tasks of a work package, by domain; ``{}`` is the work package's name.
MODULE_TASKS: dict[str, tuple[Bi, ...]] = {
    "software": (
        ("Design {}", "{}详细设计"), ("Develop {}", "开发{}功能"), ("Configure {}", "配置{}"),
        ("Unit test {}", "{}单元测试"), ("Code review of {}", "{}代码评审"),
        ("Integrate {} with ERP", "{}与ERP集成"), ("Prepare data for {}", "{}数据准备"),
        ("Write user guide for {}", "编写{}用户手册"),
    ),
    "plant": (
        ("Civil works for {}", "{}土建施工"), ("Install {}", "{}设备安装"),
        ("Wire {}", "{}布线接线"), ("PLC programming of {}", "{}PLC编程"),
        ("Commission {}", "{}调试"), ("Trial run of {}", "{}试运行"),
        ("Safety inspection of {}", "{}安全检查"),
    ),
    "product": (
        ("Design {}", "{}设计"), ("Prototype {}", "{}样机试制"), ("Test {}", "{}测试验证"),
        ("Review {} design", "{}设计评审"), ("Source parts for {}", "{}物料采购"),
        ("Pilot production of {}", "{}小批量试产"),
    ),
    "business": (
        ("Analyse {}", "{}现状分析"), ("Draft {}", "{}方案编制"), ("Review {}", "{}方案评审"),
        ("Roll out {}", "{}推广实施"), ("Measure {} results", "{}效果评估"),
    ),
}

#: Risks: (title, 中文标题, response, 中文应对).
RISKS: tuple[tuple[str, str, str, str], ...] = (
    ("Key supplier may deliver equipment late", "关键供应商设备可能延期交付",
     "Weekly expediting calls; qualify a second source", "每周跟催交期，同时开发备选供应商"),
    ("Requirements may change after sign-off", "需求确认后可能发生变更",
     "Route every change through the change control board", "所有变更须经变更控制委员会审批"),
    ("Key developer may leave the project", "核心开发人员可能离职",
     "Pair work and documentation; retention bonus agreed", "结对开发并完善文档，落实留任激励"),
    ("Legacy data quality is lower than expected", "历史数据质量低于预期",
     "Data cleansing sprint before migration", "迁移前安排专项数据清洗"),
    ("Interface to MES may be unstable", "与MES系统的接口可能不稳定",
     "Early interface test with simulated load", "提前进行模拟负载下的接口测试"),
    ("Exchange rate changes may overrun the budget", "汇率波动可能导致预算超支",
     "Hedge the USD share of the contract", "对合同中的美元部分进行套期保值"),
    ("Cut-over may exceed the production downtime window", "切换停产时间可能超出窗口期",
     "Two rehearsals and a tested fallback plan", "组织两次切换演练并验证回退方案"),
    ("Too few key users for acceptance testing", "用户验收测试的关键用户不足",
     "Agree test days with department heads in advance", "提前与部门负责人确认测试人员和时间"),
    ("Regulatory approval may be delayed", "监管审批可能延迟",
     "Pre-consultation with the authority", "提前与主管部门进行预沟通"),
    ("Performance bottleneck under peak load", "高峰负载下可能出现性能瓶颈",
     "Load test from the second sprint on", "从第二个迭代开始进行压力测试"),
    ("Chip shortage may hold up the prototype build", "芯片短缺可能影响样机试制",
     "Buy safety stock; approve alternative parts", "建立安全库存并认证替代料"),
    ("Vulnerability in a third-party component", "第三方组件可能存在安全漏洞",
     "Dependency scanning in the build pipeline", "在构建流水线中加入依赖漏洞扫描"),
    ("Business units may resist the new process", "业务部门可能抵触新流程",
     "Change champions in every department", "在各部门设立变革推动者"),
    ("Vendor lacks local support capacity", "供应商本地支持能力不足",
     "Contract an on-site engineer for go-live", "合同约定上线期间派驻现场工程师"),
    ("Test environment may not be ready on time", "测试环境可能无法按时就绪",
     "Order the environment at design approval", "设计评审通过后即申请测试环境"),
    ("Shared specialists over-allocated across projects", "共享专家资源在多个项目间过度分配",
     "Escalate to the resource manager for levelling", "提交资源经理进行资源平衡"),
    ("Spring Festival reduces available working days", "春节假期导致可用工作日减少",
     "Plan no critical work in the holiday weeks", "关键工作避开春节前后两周"),
    ("Scope creep from sales requests", "销售需求可能导致范围蔓延",
     "Freeze scope per release; defer to the backlog", "按版本冻结范围，新需求进入待办列表"),
)

#: Issues: (title, 中文标题).
ISSUES: tuple[Bi, ...] = (
    ("Test server down for two days", "测试服务器宕机两天"),
    ("Interface specification not agreed with the ERP team", "与ERP团队的接口规范尚未达成一致"),
    ("Acceptance test defects above threshold", "验收测试缺陷数超过阈值"),
    ("Equipment arrived damaged", "设备到货时发生损坏"),
    ("Key user unavailable for workshops", "关键用户无法参加需求研讨会"),
    ("Purchase order approval stuck in finance", "采购订单在财务审批环节受阻"),
    ("Not enough software licences", "软件许可数量不足"),
    ("Site access permit delayed", "现场施工许可延迟"),
    ("Data migration reconciliation failed", "数据迁移对账未通过"),
    ("High contractor staff turnover", "外包人员流动频繁"),
    ("Network latency at the remote plant", "异地工厂网络延迟过高"),
    ("Design change request awaiting approval", "设计变更申请待审批"),
    ("Customs clearance of imported parts delayed", "进口零部件清关延迟"),
    ("Budget transfer not yet released", "预算调拨尚未下达"),
)

RESOLUTIONS: tuple[Bi, ...] = (
    ("Escalated to the steering committee and resolved", "已上报项目指导委员会并解决"),
    ("Workaround agreed with the vendor", "已与供应商商定临时解决方案"),
    ("Fixed and verified by the test team", "已修复并经测试组验证"),
    ("Resolved by reallocating resources", "已通过调配资源解决"),
)

CHINESE_DIGITS = "零一二三四五六七八九十"
# fmt: on
