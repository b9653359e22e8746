"""The bilingual vocabulary of the demo organisation: every entry is ``(English, 中文)``.

Plain data only, so the builders read as logic and the words can be reviewed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

# Vocabulary tables read better with several entries per line.
# fmt: off

Bi = tuple[str, str]

COMPANY: Bi = ("Huaxia Manufacturing Group", "华夏智造集团")
EMAIL_DOMAIN = "huaxia.example.com"

#: Surnames by frequency, with their pinyin.
SURNAMES: tuple[Bi, ...] = (
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
    ("Yang", "杨"), ("Huang", "黄"), ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"),
    ("Xu", "徐"), ("Sun", "孙"), ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"),
    ("Guo", "郭"), ("He", "何"), ("Gao", "高"), ("Lin", "林"), ("Luo", "罗"),
    ("Zheng", "郑"), ("Liang", "梁"), ("Xie", "谢"), ("Song", "宋"), ("Tang", "唐"),
    ("Han", "韩"), ("Feng", "冯"), ("Deng", "邓"), ("Cao", "曹"), ("Peng", "彭"),
    ("Zeng", "曾"), ("Xiao", "肖"), ("Tian", "田"), ("Dong", "董"), ("Yuan", "袁"),
    ("Pan", "潘"), ("Jiang", "蒋"), ("Cai", "蔡"), ("Du", "杜"), ("Ye", "叶"),
    ("Cheng", "程"), ("Su", "苏"), ("Wei", "魏"), ("Lyu", "吕"), ("Ding", "丁"),
    ("Ren", "任"), ("Shen", "沈"), ("Yao", "姚"), ("Lu", "卢"), ("Fu", "傅"),
)

GIVEN_NAMES: tuple[Bi, ...] = (
    ("Wei", "伟"), ("Fang", "芳"), ("Na", "娜"), ("Min", "敏"), ("Jing", "静"),
    ("Qiang", "强"), ("Lei", "磊"), ("Jun", "军"), ("Yang", "洋"), ("Yong", "勇"),
    ("Yan", "艳"), ("Jie", "杰"), ("Tao", "涛"), ("Ming", "明"), ("Chao", "超"),
    ("Xiuying", "秀英"), ("Xia", "霞"), ("Ping", "平"), ("Gang", "刚"), ("Hui", "辉"),
    ("Jianhua", "建华"), ("Zhiqiang", "志强"), ("Xiaoming", "晓明"), ("Haiyan", "海燕"),
    ("Wenbo", "文博"), ("Zihan", "子涵"), ("Siyuan", "思远"), ("Yutong", "雨桐"),
    ("Haoran", "浩然"), ("Xinyi", "欣怡"), ("Junjie", "俊杰"), ("Jiayi", "佳怡"),
    ("Yuhang", "宇航"), ("Zixuan", "梓萱"), ("Yiming", "一鸣"), ("Jiahao", "嘉豪"),
    ("Tingting", "婷婷"), ("Dan", "丹"), ("Peng", "鹏"), ("Bin", "斌"), ("Ling", "玲"),
    ("Ying", "颖"), ("Chen", "晨"), ("Kai", "凯"), ("Lin", "琳"), ("Qian", "倩"),
    ("Rui", "瑞"), ("Fan", "帆"), ("Xin", "鑫"), ("Hong", "红"), ("Guoqiang", "国强"),
    ("Lihua", "丽华"), ("Xiaoyu", "晓宇"), ("Mengyao", "梦瑶"), ("Zhiwei", "志伟"),
)

#: Named people the demo logins are linked to: (name, 名字, title, role of the login).
KEY_PEOPLE: tuple[tuple[str, str, str, str], ...] = (
    ("Zhou Jianguo", "周建国", "Executive Vice President", "executive"),
    ("Lin Xiaohong", "林晓红", "Director, Enterprise PMO", "pmo"),
    ("Chen Hao", "陈浩", "Senior Project Manager", "project_manager"),
    ("Zhang Min", "张敏", "Resource Manager", "resource_manager"),
    ("Liu Yang", "刘洋", "Software Engineer", "member"),
)

#: Full names of the demo logins by role.
USER_NAMES: dict[str, str] = {
    "admin": "System Administrator 系统管理员",
    "pmo": "Lin Xiaohong 林晓红",
    "executive": "Zhou Jianguo 周建国",
    "project_manager": "Chen Hao 陈浩",
    "resource_manager": "Zhang Min 张敏",
    "member": "Liu Yang 刘洋",
}

CITIES: tuple[Bi, ...] = (
    ("Suzhou", "苏州"), ("Wuxi", "无锡"), ("Chengdu", "成都"), ("Wuhan", "武汉"),
    ("Tianjin", "天津"), ("Foshan", "佛山"), ("Xi'an", "西安"), ("Hefei", "合肥"),
    ("Changsha", "长沙"), ("Qingdao", "青岛"), ("Ningbo", "宁波"), ("Shenyang", "沈阳"),
    ("Zhengzhou", "郑州"), ("Dongguan", "东莞"), ("Xiamen", "厦门"), ("Chongqing", "重庆"),
)

REGIONS: tuple[Bi, ...] = (
    ("East China", "华东"), ("South China", "华南"), ("North China", "华北"),
    ("Central China", "华中"), ("Southwest China", "西南"), ("Northeast China", "东北"),
    ("Overseas", "海外"),
)

COUNTRIES: tuple[Bi, ...] = (
    ("Vietnam", "越南"), ("Indonesia", "印度尼西亚"), ("Brazil", "巴西"), ("Germany", "德国"),
    ("Mexico", "墨西哥"), ("Thailand", "泰国"), ("Saudi Arabia", "沙特阿拉伯"),
)

PRODUCTS: tuple[Bi, ...] = (
    ("smart inverter", "智能逆变器"), ("industrial robot arm", "工业机械臂"),
    ("EV charging pile", "新能源汽车充电桩"), ("energy storage cabinet", "储能柜"),
    ("servo motor", "伺服电机"), ("frequency converter", "变频器"),
    ("automated guided vehicle", "AGV自动导引车"), ("heat pump unit", "热泵机组"),
)

@dataclass(frozen=True, slots=True)
class Department:
    """A department: its teams (``{}`` in a team name takes a city or region, making it
    regional), relative head count, the skills its people have and their job titles."""

    key: str
    name: Bi
    weight: int
    teams: tuple[Bi, ...]
    skills: tuple[str, ...]
    titles: tuple[str, ...]


DEPARTMENTS: tuple[Department, ...] = (
    Department("RND", ("R&D Centre", "研发中心"), 5,
               (("Embedded Software", "嵌入式软件组"), ("Hardware", "硬件组"),
               ("Mechanical Design", "结构设计组"), ("Product Testing", "产品测试组")),
     ("Embedded C", "Hardware design", "Mechanical design", "PLC", "Testing", "Python"),
     ("Embedded Software Engineer", "Hardware Engineer", "Mechanical Engineer",
                "Test Engineer", "Product Engineer")),
    Department("IT", ("Information Technology", "信息技术部"), 4,
               (("Application Development", "应用开发组"), ("Infrastructure", "基础架构组"),
               ("Data & Analytics", "数据分析组"), ("Enterprise Applications", "企业应用组")),
     ("Java", "Python", "SAP", "Testing", "UX", "Data analysis", "Cloud",
                "Cybersecurity"),
     ("Software Engineer", "Java Developer", "SAP Consultant", "Test Engineer",
                "Data Analyst", "UX Designer", "System Administrator", "Business Analyst")),
    Department("MFG", ("Manufacturing Centre", "制造中心"), 5,
               (("{} Plant", "{}工厂"),),
     ("PLC", "Lean manufacturing", "Process engineering", "Quality management",
                "Mechanical design"),
     ("Process Engineer", "Automation Engineer", "Production Supervisor",
                "Maintenance Engineer", "Industrial Engineer")),
    Department("MKT", ("Marketing", "市场部"), 2,
               (("Brand", "品牌组"), ("Digital Marketing", "数字营销组")),
     ("Digital marketing", "Brand management", "UX", "Data analysis"),
     ("Marketing Specialist", "Brand Manager", "Digital Marketing Specialist",
                "Market Analyst")),
    Department("FIN", ("Finance", "财务部"), 2,
               (("Accounting", "会计组"), ("Financial Control", "财务管控组")),
     ("Financial analysis", "SAP", "Data analysis"),
     ("Financial Analyst", "Accountant", "Cost Controller")),
    Department("HR", ("Human Resources", "人力资源部"), 1,
               (("Talent Development", "人才发展组"),),
     ("Recruiting", "Training design", "Data analysis"),
     ("HR Business Partner", "Recruiter", "Training Specialist")),
    Department("SAL", ("Sales Centre", "销售中心"), 4,
               (("Sales {}", "{}销售部"),),
     ("Key account management", "Negotiation", "CRM", "English"),
     ("Account Manager", "Sales Engineer", "Sales Operations Analyst")),
    Department("SCM", ("Supply Chain", "供应链管理部"), 3,
               (("Planning", "计划组"), ("Logistics {}", "{}物流组")),
     ("Supply chain planning", "SAP", "Logistics"),
     ("Supply Planner", "Logistics Specialist", "Warehouse Supervisor")),
    Department("QA", ("Quality Management", "质量管理部"), 2,
               (("Quality Assurance", "质量保证组"), ("Supplier Quality", "供应商质量组")),
     ("Quality management", "Six Sigma", "Testing"),
     ("Quality Engineer", "Supplier Quality Engineer", "Metrology Technician")),
    Department("CS", ("Customer Service", "客户服务部"), 2,
               (("Service {}", "{}服务站"),),
     ("Customer service", "CRM", "English"),
     ("Service Engineer", "Customer Service Representative")),
    Department("PRC", ("Procurement", "采购部"), 2,
               (("Strategic Sourcing", "战略寻源组"), ("Purchasing {}", "{}采购组")),
     ("Negotiation", "Supplier management", "SAP"),
     ("Buyer", "Sourcing Manager", "Purchasing Specialist")),
    Department("LEG", ("Legal & Compliance", "法务合规部"), 1,
               (("Contracts", "合同管理组"),),
     ("Contract law", "Compliance", "English"),
     ("Legal Counsel", "Compliance Officer")),
    Department("STR", ("Strategy & Transformation", "战略与变革部"), 1,
               (("Business Excellence", "卓越运营组"),),
     ("Business analysis", "Data analysis", "Project management"),
     ("Strategy Analyst", "Business Analyst", "Change Manager")),
    Department("EHS", ("Environment, Health & Safety", "安全环保部"), 1,
               (("Safety {}", "{}安全组"),),
     ("Safety management", "Environmental compliance"),
     ("Safety Engineer", "Environmental Engineer")),
)

DEPARTMENTS_BY_KEY: dict[str, Department] = {d.key: d for d in DEPARTMENTS}

SKILLS: dict[str, str] = {
    "Java": "Java开发", "Python": "Python开发", "SAP": "SAP实施", "PLC": "PLC编程",
    "Testing": "软件测试", "UX": "用户体验设计", "Data analysis": "数据分析",
    "Project management": "项目管理", "Embedded C": "嵌入式C开发",
    "Hardware design": "硬件设计", "Mechanical design": "机械结构设计", "Cloud": "云计算",
    "Cybersecurity": "网络安全", "Lean manufacturing": "精益生产",
    "Process engineering": "工艺工程", "Quality management": "质量管理",
    "Six Sigma": "六西格玛", "Digital marketing": "数字营销", "Brand management": "品牌管理",
    "Financial analysis": "财务分析", "Recruiting": "招聘", "Training design": "培训课程设计",
    "Key account management": "大客户管理", "Negotiation": "商务谈判", "CRM": "CRM系统",
    "Supply chain planning": "供应链计划", "Logistics": "物流管理",
    "Supplier management": "供应商管理", "Contract law": "合同法务", "Compliance": "合规管理",
    "Business analysis": "业务分析", "Safety management": "安全管理",
    "Environmental compliance": "环保合规", "Customer service": "客户服务",
    "English": "商务英语",
}

#: PMOs: (name, 中文, type, level, department key or None for the enterprise); the
#: first three exist in every demo, the rest only in the large one.
PMOS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("Enterprise PMO", "集团项目管理办公室", "controlling", "enterprise", None),
    ("R&D PMO", "研发项目管理办公室", "directive", "department", "RND"),
    ("Manufacturing PMO", "制造项目管理办公室", "supportive", "department", "MFG"),
    ("IT PMO", "信息技术项目管理办公室", "controlling", "department", "IT"),
    ("Sales PMO", "销售项目管理办公室", "supportive", "department", "SAL"),
    ("Supply Chain PMO", "供应链项目管理办公室", "directive", "department", "SCM"),
)

#: Strategic objectives: (code, name, 中文, weight among siblings, parent code).
OBJECTIVES: tuple[tuple[str, str, str, float, str | None], ...] = (
    ("SO-1", "Grow new-energy product revenue", "新能源产品收入增长", 0.4, None),
    ("SO-1.1", "Launch five new products by 2027", "2027年前推出5款新产品", 0.6, "SO-1"),
    ("SO-1.2", "Enter three overseas markets", "开拓3个海外市场", 0.4, "SO-1"),
    ("SO-2", "Digitalise operations end to end", "全面推进运营数字化", 0.35, None),
    ("SO-2.1", "Smart factory in every plant", "所有工厂建成智能工厂", 0.5, "SO-2"),
    ("SO-2.2", "One enterprise data platform", "建设统一的企业数据平台", 0.5, "SO-2"),
    ("SO-3", "Cut unit cost by 8 % and reach zero major incidents",
     "单位成本降低8%，实现零重大质量安全事故", 0.25, None),
)

#: Portfolios: (code, name, 中文, index into PMOS).
PORTFOLIOS: tuple[tuple[str, str, str, int], ...] = (
    ("PF-DX", "Digital Transformation", "数字化转型项目组合", 0),
    ("PF-PI", "Product Innovation", "产品创新项目组合", 1),
    ("PF-OX", "Operational Excellence", "卓越运营项目组合", 2),
    ("PF-IT", "IT Infrastructure", "IT基础设施项目组合", 3),
    ("PF-MK", "Market Growth", "市场增长项目组合", 4),
    ("PF-SC", "Supply Chain Resilience", "供应链韧性项目组合", 5),
)

#: Program themes: (name, 中文, portfolio index in the small demo, in the large one).
PROGRAM_THEMES: tuple[tuple[str, str, int, int], ...] = (
    ("Smart Manufacturing", "智能制造", 2, 2),
    ("Digital Enterprise", "数字化企业", 0, 0),
    ("New-Energy Products", "新能源产品", 1, 1),
    ("Market Expansion", "市场拓展", 0, 4),
    ("Lean & Cost Excellence", "精益降本", 2, 5),
    ("Cloud & Security", "云与安全", 0, 3),
)
# fmt: on
