//! The fixed vocabulary of the synthetic programme: the programme's
//! recommenders and industries (as in `content/programme.yaml`), and pools
//! of Chinese words and sentences that the generator combines into names,
//! profiles and notices. Every organisation name carries 示例 or 演示, so
//! that nothing can pass for a real company.

/// A recommender of `programme.yaml`: id, name, division code, the place
/// name used in organisation names, and whether it is the direct channel.
pub struct Recommender {
    pub id: &'static str,
    pub name: &'static str,
    pub division: Option<&'static str>,
    /// The division code organisations registered there carry in their
    /// USCC (the zones and the direct channel register under 温州市本级
    /// or a district).
    pub registers: &'static str,
    pub place: &'static str,
    pub direct: bool,
    /// The relative number of organisations there.
    pub weight: u32,
}

const fn rec(
    id: &'static str,
    name: &'static str,
    division: Option<&'static str>,
    registers: &'static str,
    place: &'static str,
    weight: u32,
) -> Recommender {
    Recommender {
        id,
        name,
        division,
        registers,
        place,
        direct: false,
        weight,
    }
}

pub const RECOMMENDERS: &[Recommender] = &[
    rec("lucheng", "鹿城区", Some("330302"), "330302", "温州", 10),
    rec("longwan", "龙湾区", Some("330303"), "330303", "温州", 9),
    rec("ouhai", "瓯海区", Some("330304"), "330304", "温州", 9),
    rec("dongtou", "洞头区", Some("330305"), "330305", "洞头", 2),
    rec("yongjia", "永嘉县", Some("330324"), "330324", "永嘉", 6),
    rec("pingyang", "平阳县", Some("330326"), "330326", "平阳", 6),
    rec("cangnan", "苍南县", Some("330327"), "330327", "苍南", 5),
    rec("wencheng", "文成县", Some("330328"), "330328", "文成", 2),
    rec("taishun", "泰顺县", Some("330329"), "330329", "泰顺", 2),
    rec("ruian", "瑞安市", Some("330381"), "330381", "瑞安", 12),
    rec("yueqing", "乐清市", Some("330382"), "330382", "乐清", 14),
    rec("longgang", "龙港市", Some("330383"), "330383", "龙港", 5),
    rec("oujiangkou", "瓯江口产业集聚区", None, "330303", "温州", 3),
    rec("zhenan", "浙南产业集聚区", None, "330304", "温州", 3),
    Recommender {
        id: "direct",
        name: "省、市直属单位",
        division: None,
        registers: "330300",
        place: "温州",
        direct: true,
        weight: 2,
    },
];

/// An industry of `programme.yaml`, with the words its organisations are
/// named and described by.
pub struct Industry {
    pub id: &'static str,
    pub name: &'static str,
    pub waived: bool,
    /// The trade word of a name (…电气有限公司).
    pub trades: &'static [&'static str],
    /// What such an organisation does, as the end of "主要从事…".
    pub scopes: &'static [&'static str],
    pub weight: u32,
}

pub const INDUSTRIES: &[Industry] = &[
    Industry {
        id: "digital-economy",
        name: "数字经济",
        waived: true,
        trades: &["数字科技", "信息技术", "软件", "网络科技"],
        scopes: &[
            "工业互联网平台、企业管理软件和数据服务的研发与运营，服务于制造业数字化转型",
            "智慧城市、政务信息化和数据中台的设计、开发与集成服务",
        ],
        weight: 6,
    },
    Industry {
        id: "smart-equipment",
        name: "智能装备",
        waived: true,
        trades: &["智能装备", "机器人", "自动化设备", "智能制造"],
        scopes: &[
            "工业机器人、自动化生产线和智能检测装备的研发与制造，产品应用于汽车、电子和包装等行业",
            "数控机床、智能物流装备和成套自动化系统的设计制造与技术服务",
        ],
        weight: 6,
    },
    Industry {
        id: "life-health",
        name: "生命健康",
        waived: true,
        trades: &["生物医药", "医疗器械", "药业", "健康科技"],
        scopes: &[
            "化学原料药、制剂和医疗器械的研发、生产和销售，产品通过多项国内外质量体系认证",
            "体外诊断试剂、康复器械和医用耗材的研发与制造",
        ],
        weight: 5,
    },
    Industry {
        id: "new-energy-vehicles",
        name: "新能源汽车",
        waived: true,
        trades: &["新能源汽车部件", "电池", "电驱动", "汽车电子"],
        scopes: &[
            "新能源汽车动力电池包、电驱动系统和车载电子部件的研发与制造，配套国内多家整车企业",
            "充电设备、电机控制器和汽车线束的研发、生产和销售",
        ],
        weight: 5,
    },
    Industry {
        id: "new-materials",
        name: "新材料",
        waived: true,
        trades: &["新材料", "合金材料", "高分子材料", "复合材料"],
        scopes: &[
            "高性能合金、特种不锈钢管材和金属复合材料的研发与生产，产品应用于化工、电力和海洋工程领域",
            "改性塑料、功能薄膜和高分子复合材料的研发、生产和销售",
        ],
        weight: 5,
    },
    Industry {
        id: "agriculture-forestry",
        name: "农林业",
        waived: true,
        trades: &["茶业", "农业开发", "林业", "果蔬"],
        scopes: &[
            "茶叶种植、加工和销售，建有标准化生态茶园和清洁化加工车间",
            "特色果蔬种植、冷链仓储和农产品精深加工，带动周边农户增收",
        ],
        weight: 3,
    },
    Industry {
        id: "electrical",
        name: "电气",
        waived: false,
        trades: &["电气", "电器", "开关", "输配电设备"],
        scopes: &[
            "低压断路器、交流接触器和智能配电成套设备的研发与制造，产品配套于电网、轨道交通和数据中心等领域",
            "高低压开关柜、箱式变电站和电力自动化产品的研发、生产和销售",
        ],
        weight: 12,
    },
    Industry {
        id: "footwear",
        name: "鞋革",
        waived: false,
        trades: &["鞋业", "皮革", "制鞋"],
        scopes: &[
            "中高档男女皮鞋和休闲鞋的设计、生产与品牌运营，产品销往国内外市场",
            "功能性鞋材、合成革和鞋类配件的研发与生产",
        ],
        weight: 7,
    },
    Industry {
        id: "apparel",
        name: "服装",
        waived: false,
        trades: &["服饰", "服装", "制衣"],
        scopes: &[
            "男装、职业装的设计、生产和品牌零售，拥有覆盖全国的营销网络",
            "针织服装和功能面料的研发、生产与出口",
        ],
        weight: 5,
    },
    Industry {
        id: "pumps-valves",
        name: "泵阀",
        waived: false,
        trades: &["阀门", "泵业", "流体设备"],
        scopes: &[
            "工业阀门、石化专用阀门和流体控制装置的研发与制造，产品应用于石油、化工和核电领域",
            "离心泵、化工流程泵和智能供水设备的研发、生产和服务",
        ],
        weight: 8,
    },
    Industry {
        id: "auto-parts",
        name: "汽摩配件",
        waived: false,
        trades: &["汽车零部件", "汽配", "摩托车配件"],
        scopes: &[
            "汽车制动系统、转向部件和精密铸件的研发与制造，配套国内外主机厂",
            "摩托车发动机零部件和汽车电器件的研发、生产和销售",
        ],
        weight: 7,
    },
    Industry {
        id: "eyewear",
        name: "眼镜",
        waived: false,
        trades: &["眼镜", "光学"],
        scopes: &[
            "光学眼镜架、太阳镜和镜片的设计与制造，产品出口欧美和东南亚市场",
            "钛金属镜架和功能性镜片的研发、生产与品牌运营",
        ],
        weight: 3,
    },
    Industry {
        id: "printing-packaging",
        name: "印刷包装",
        waived: false,
        trades: &["印刷", "包装", "印务"],
        scopes: &[
            "食品药品包装、标签印刷和环保纸制品的设计与生产",
            "软包装材料、彩印纸箱和防伪标识的研发、生产和销售",
        ],
        weight: 5,
    },
    Industry {
        id: "construction",
        name: "工程建设",
        waived: false,
        trades: &["建设", "建筑工程", "市政工程"],
        scopes: &[
            "房屋建筑、市政公用和水利水电工程的施工总承包，承建了多项省市重点工程",
            "城市道路、桥梁和地下管网的设计、施工与运营维护",
        ],
        weight: 4,
    },
    Industry {
        id: "services",
        name: "服务业",
        waived: false,
        trades: &["物流", "供应链管理", "检测技术服务", "港口服务"],
        scopes: &[
            "公路货运、仓储配送和供应链管理服务，建有区域性物流分拨中心",
            "产品检验检测、计量校准和认证咨询服务，实验室通过国家认可",
        ],
        weight: 4,
    },
];

/// Two-character trade names (字号): the generator combines them.
pub const TRADE_NAME_CHARS: &[&str] = &[
    "恒", "泰", "华", "鑫", "瑞", "德", "嘉", "盛", "远", "达", "宏", "昌", "永", "兴", "信", "诚", "康", "宁", "正",
    "元", "天", "海", "通", "安", "佳", "美", "博", "创", "卓", "越", "凯", "力", "明", "光", "新", "和", "丰", "源",
    "隆", "胜", "锦", "晨", "立", "峰", "科", "润", "捷", "益",
];

pub const COMPANY_SUFFIXES: &[&str] = &["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"];

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "陈", "林", "黄", "周", "吴", "徐", "郑", "朱", "胡", "潘", "叶", "金", "董", "应", "谢", "蔡",
    "刘", "杨", "赵", "孙", "钱", "施", "姜", "苏", "卢", "夏", "方",
];

/// The surnames above in pinyin, for expert ids.
pub const SURNAME_PINYIN: &[&str] = &[
    "wang", "li", "zhang", "chen", "lin", "huang", "zhou", "wu", "xu", "zheng", "zhu", "hu", "pan", "ye", "jin",
    "dong", "ying", "xie", "cai", "liu", "yang", "zhao", "sun", "qian", "shi", "jiang", "su", "lu", "xia", "fang",
];

pub const GIVEN: &[&str] = &[
    "华", "敏", "清", "平", "强", "峰", "军", "红", "斌", "良", "云", "霞", "伟", "芳", "涛", "静", "磊", "婷", "勇",
    "洁", "杰", "燕", "明", "丽",
];

/// Where examiners work (with 示例 in every name).
pub const AFFILIATIONS: &[&str] = &[
    "示例大学质量管理研究中心",
    "温州示例职业技术学院",
    "浙江省示例标准化研究院",
    "浙江省示例质量协会",
    "浙江示例管理咨询有限公司",
    "浙江示例质量咨询事务所",
    "温州市示例企业联合会",
    "温州市示例计量测试研究院",
    "温州市示例质量技术检测研究院",
    "温州示例大学商学院",
    "乐清市示例质量技术服务中心",
    "杭州示例卓越绩效研究所",
];

pub const FACILITIES: &[&str] = &[
    "建有省级企业技术中心和通过国家认可的检测实验室",
    "拥有数字化生产车间和自动化立体仓库",
    "设有省级高新技术企业研究开发中心和博士后工作站",
    "建成覆盖全流程的制造执行系统和产品追溯平台",
    "在国内主要城市设有销售服务网点",
];

pub const PRACTICES: &[&str] = &[
    "以顾客需求为导向，建立了覆盖研发、采购、制造和服务全过程的质量管理体系",
    "推行精益生产和六西格玛管理，每年开展质量改进项目数十项",
    "建立了战略管理、过程管理和绩效测量相结合的经营管理模式",
    "将卓越绩效评价准则融入年度经营计划，按季度开展自我评价和改进",
    "建立了以关键绩效指标为核心的测量分析体系，推动管理决策数据化",
];

pub const RESULTS: &[&str] = &[
    "近三年产品一次交验合格率保持在99%以上",
    "近三年顾客满意度持续提升，主要经济指标居全市同行业前列",
    "近三年主营业务收入和利润总额年均保持两位数增长",
    "质量损失率逐年下降，主要产品市场占有率位居国内前列",
];

pub const CALL_PRIORITIES: &[&str] = &[
    "重点支持数字经济、智能装备、生命健康、新能源汽车、新材料等新兴产业的企业（组织）申报",
    "鼓励“品字标”品牌企业和上市企业、重点拟上市企业积极申报",
];

/// Reasons for a qualification failure that no recorded fact shows.
pub const OTHER_FAILURES: &[&str] = &[
    "申报材料中的主要经济指标与财务审计报告不一致，经核实存在不实情况，不符合申报要求。",
    "未按申报通知要求提供近 3 年财务审计报告等证明材料，经告知补正后逾期未补正，不予受理。",
    "申报材料未经推荐单位初审盖章，且在规定期限内未能补正，不予受理。",
];

pub const WITHDRAWALS: &[&str] = &[
    "企业因组织架构调整，主动申请撤回本年度申报。",
    "企业拟于下一年度完善自我评价后再行申报，书面申请撤回。",
];

pub const OBJECTION_SUMMARIES: &[&str] = &[
    "实名来信反映该企业外协加工点存在拖欠工人工资问题，质疑其社会责任履行情况。",
    "实名反映该企业一批次产品在电商平台销售时标注的执行标准有误。",
    "单位来函反映该企业宣传材料中使用的获奖信息未注明获评年份。",
];

pub const OBJECTION_REPORTS: &[&str] = &[
    "市评审办会同属地市场监管部门进行了调查核实：所反映问题系外协单位与其员工之间的结算纠纷，已经调解结案，不属于因组织责任导致的重大投诉。调查报告已提交市评委会审查。",
    "市评审办调取了相关检验报告和销售记录：标注错误系电商页面信息维护疏漏，产品本身检验合格，企业已整改。调查报告已提交市评委会审查。",
];

pub const UPHELD_REPORT: &str = "市评审办会同属地市场监管部门进行了调查核实：所反映的问题属实，该企业在申报截止日前3年内存在因组织责任导致的重大投诉，申报材料未如实反映。调查报告已提交市评委会审查，市评委会决定不予推荐。";
