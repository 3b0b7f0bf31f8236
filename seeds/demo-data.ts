/**
 * Demo data drawn from the public documents in shared/context (ByteDance's charity platform talk,
 * 2021; Kuaishou's "happiness partners" speech and CSR reports, 2018–2019). Organisation names,
 * people and figures quoted in stories are theirs; amounts raised on Sunlight are demo donations,
 * generated reproducibly, and say so. USCCs are made-up codes with a valid check character.
 */
import type { ProjectCategory } from '~db/schema'
import { usccCheckCharacter } from '~/utils/uscc'

function withCheckCharacter(first17: string) {
  return first17 + usccCheckCharacter(first17)
}

export const DEMO_PASSWORD = 'sunlight-demo-2026'

/**
 * The demo admin's code generator key (admins must use two-step sign-in). Published on purpose, in
 * the README: add it to an authenticator app, or read the current code on the demo's sign-in page.
 */
export const DEMO_ADMIN_TOTP_SECRET = 'KRUGKIDTOVXGY2LHNB2CA2LTEBXXAZLO'

export interface DemoUser {
  key: string
  email: string
  displayName: string
  birthDate: string
  isAdmin?: boolean
  role: string
}

export const demoUsers: DemoUser[] = [
  { key: 'admin', email: 'admin@sunlight.demo', displayName: '平台审核员 Admin', birthDate: '1988-01-01', isAdmin: true, role: 'admin (two-step sign-in: see below)' },
  { key: 'donor', email: 'donor@sunlight.demo', displayName: '李想 Li Xiang', birthDate: '1995-01-01', role: 'donor' },
  { key: 'owner', email: 'owner@freelunch.demo', displayName: '免费午餐 项目负责人', birthDate: '1979-01-01', role: 'owner of 免费午餐基金' },
  { key: 'editor', email: 'editor@freelunch.demo', displayName: '免费午餐 编辑', birthDate: '1992-01-01', role: 'editor of 免费午餐基金' },
  { key: 'amity', email: 'owner@amity.demo', displayName: '爱德基金会 项目官员', birthDate: '1985-01-01', role: 'owner of 爱德基金会' },
  { key: 'one', email: 'owner@onefoundation.demo', displayName: '壹基金 项目官员', birthDate: '1987-01-01', role: 'owner of 壹基金' },
  { key: 'applicant', email: 'applicant@chengdu.demo', displayName: '成都市慈善总会 申请人', birthDate: '1983-01-01', role: 'owner of a pending application' },
  { key: 'minor', email: 'minor@sunlight.demo', displayName: '小明 (15)', birthDate: '2011-06-01', role: 'donor under 18 (cannot pay)' },
]

export interface DemoOrganization {
  slug: string
  name: string
  uscc: string
  qualified: boolean
  causes: ProjectCategory[]
  region: string
  description: string
  website?: string
  contactName: string
  contactEmail: string
  status: 'approved' | 'pending'
  members: { user: string; role: 'owner' | 'editor' }[]
}

export const demoOrganizations: DemoOrganization[] = [
  {
    slug: 'free-lunch',
    name: '中国社会福利基金会免费午餐基金',
    uscc: withCheckCharacter('53100000500018422'),
    qualified: true,
    causes: ['education', 'rural_development'],
    region: '北京',
    description:
      '免费午餐倡议每天捐赠3元（现为4元），为贫困地区学童提供免费午餐。在字节跳动公益平台上线后的“点画成真”活动中，免费午餐筹集到1500万元，参与捐助超过118万人次。',
    website: 'https://www.mianfeiwucan.org',
    contactName: '免费午餐项目组',
    contactEmail: 'contact@freelunch.demo',
    status: 'approved',
    members: [
      { user: 'owner', role: 'owner' },
      { user: 'editor', role: 'editor' },
    ],
  },
  {
    slug: 'amity-foundation',
    name: '爱德基金会',
    uscc: withCheckCharacter('53320000500003187'),
    qualified: true,
    causes: ['animal_protection', 'disaster_relief', 'education'],
    region: '江苏·南京',
    description:
      '爱德基金会与它基金合作的流浪动物保护项目，是字节跳动公益平台上线后的第二个项目，12天内筹集到200万元。',
    website: 'https://www.amity.org.cn',
    contactName: '爱德基金会公众筹款部',
    contactEmail: 'contact@amity.demo',
    status: 'approved',
    members: [{ user: 'amity', role: 'owner' }],
  },
  {
    slug: 'one-foundation',
    name: '深圳壹基金公益基金会',
    uscc: withCheckCharacter('53440300576385301'),
    qualified: true,
    causes: ['disaster_relief', 'charity_culture', 'serious_illness'],
    region: '广东·深圳',
    description:
      '快手的幸福伙伴之一。2018年防灾减灾日，壹基金与快手发起“自救神器了解一下”短视频大赛，51万用户参与；世界自闭症日的“蓝色行动”三天吸引约12万用户参与。',
    website: 'https://www.onefoundation.cn',
    contactName: '壹基金传播部',
    contactEmail: 'contact@onefoundation.demo',
    status: 'approved',
    members: [{ user: 'one', role: 'owner' }],
  },
  {
    slug: 'cfpa',
    name: '中国扶贫基金会',
    uscc: withCheckCharacter('53100000500021676'),
    qualified: true,
    causes: ['rural_development', 'disaster_relief'],
    region: '北京',
    description:
      '快手的幸福伙伴之一，快手在这里设立了“快手科技公益基金”。2018年，家乡好货邀请各省主播为“善品公社”电商扶贫项目带去销售支持；同年8月向内蒙古巴彦淖尔灾区捐赠生活必需品。',
    contactName: '中国扶贫基金会',
    contactEmail: 'contact@cfpa.demo',
    status: 'approved',
    members: [],
  },
  {
    slug: 'ancient-book-guardians',
    name: '古籍守护人公益计划',
    uscc: withCheckCharacter('52110000MJ0000017'),
    qualified: false,
    causes: ['heritage'],
    region: '北京',
    description:
      '源自字节跳动公益“寻找古籍守护人”活动。修复师廉成春从事古籍修复13年，在抖音发布了140多个工作视频，获得70多万赞。',
    contactName: '古籍守护人计划',
    contactEmail: 'contact@guji.demo',
    status: 'approved',
    members: [],
  },
  {
    slug: 'mawei-troupe',
    name: '凉山马尾儿童艺术团社工站',
    uscc: withCheckCharacter('52513400MJ0000023'),
    qualified: false,
    causes: ['education', 'charity_culture', 'heritage'],
    region: '四川·凉山',
    description:
      '由四川大凉山一家社工机构运营。艺术团的孩子都是困境中的彝族儿童，许多是孤儿。社工站资助孩子上学，并请专业老师教彝族民歌和童谣。快手号近10万粉丝，原创歌曲《马尾》被33000个快手短视频用作配乐。',
    contactName: '马尾儿童艺术团',
    contactEmail: 'contact@mawei.demo',
    status: 'approved',
    members: [],
  },
  {
    slug: 'chengdu-charity',
    name: '成都市慈善总会',
    uscc: withCheckCharacter('51510100MJ0000031'),
    qualified: true,
    causes: ['disaster_relief'],
    region: '四川·成都',
    description: '2017年茂县“6·24”山体垮塌后，快手通过成都市慈善总会向灾区捐款50万元。（演示：待审核的入驻申请）',
    contactName: '成都市慈善总会',
    contactEmail: 'contact@chengdu.demo',
    status: 'pending',
    members: [{ user: 'applicant', role: 'owner' }],
  },
]

export interface DemoProject {
  slug: string
  organization: string
  title: string
  summary: string
  story: string
  category: ProjectCategory
  region: string
  goalYuan: number
  startsDaysAgo: number
  durationDays: number
  status: 'fundraising' | 'closed' | 'in_review' | 'draft'
  filingNumber?: string
  /** How many demo donations to generate, and their typical size in yuan. */
  donations: number
  typicalYuan: number
  budget: [label: string, yuan: number][]
}

export const demoProjects: DemoProject[] = [
  {
    slug: 'free-lunch-draw-to-life',
    organization: 'free-lunch',
    title: '免费午餐·点画成真',
    summary: '乡村孩子画下想吃的饭菜，创作者把画变成真正的午餐。每4元，让一个孩子吃上一顿热乎的午餐。',
    story:
      '## 点画成真\n\n字节跳动公益平台上线后的第一个项目，就是与免费午餐合作的“点画成真”：我们发布了一系列乡村孩子的画，邀请创作者把画变成真正的美食——比如一个孩子画的糖醋鱼。\n\n话题 #点画成真 获得 **2.5亿次** 播放，最火的视频获得200多万个赞。免费午餐在平台上线以来筹集到1500万元，参与捐助超过118万人次。\n\n### 善款用途\n\n- 食材采购（按每餐4元标准）\n- 学校厨房设备\n- 项目执行与监测\n',
    category: 'education',
    region: '全国',
    goalYuan: 100_000,
    startsDaysAgo: 64,
    durationDays: 240,
    status: 'fundraising',
    filingNumber: '53100000500018422D21001',
    donations: 1200,
    typicalYuan: 40,
    budget: [
      ['食材采购（每餐4元）', 80_000],
      ['厨房设备', 15_000],
      ['项目执行与监测', 5_000],
    ],
  },
  {
    slug: 'erlangmiao-village-school',
    organization: 'free-lunch',
    title: '二郎庙村小学：校长爷爷的营养午餐',
    summary: '河南太康县二郎庙村小学，80后校长张鹏程一人教几门课，每天还给孩子们做饭。帮学校把午餐和厨房办好。',
    story:
      '张鹏程是河南太康县二郎庙村小学的校长。他是80后，头发却有些花白，孩子们叫他“校长爷爷”。他早年打工，后来回乡，垫了自己的钱办教育。\n\n一个女孩把营养午餐里的鸡腿留下来带回家给妈妈吃——这个故事被他发到抖音上，吸引社会各界捐款60多万元。\n\n这一期我们为学校筹集一年的营养午餐和厨房改造费用。\n',
    category: 'education',
    region: '河南·周口',
    goalYuan: 60_000,
    startsDaysAgo: 30,
    durationDays: 180,
    status: 'fundraising',
    filingNumber: '53100000500018422D21007',
    donations: 600,
    typicalYuan: 60,
    budget: [
      ['营养午餐（一年）', 43_000],
      ['厨房改造', 14_000],
      ['餐具与保温设备', 3_000],
    ],
  },
  {
    slug: 'stray-animal-rescue',
    organization: 'amity-foundation',
    title: '流浪动物救助：给它们一个家',
    summary: '爱德基金会与它基金合作：救助、绝育、医疗与领养流浪动物。平台上的第一期12天筹集到200万元。',
    story:
      '爱德基金会和它基金的流浪动物保护项目，是字节跳动公益平台的第二个项目，**12天内筹集到200万元**。\n\n这一期支持城市救助站的绝育、疫苗、医疗和领养活动。\n',
    category: 'animal_protection',
    region: '江苏·南京',
    goalYuan: 80_000,
    startsDaysAgo: 12,
    durationDays: 90,
    status: 'fundraising',
    filingNumber: '53320000500003187M22003',
    donations: 900,
    typicalYuan: 50,
    budget: [
      ['绝育与疫苗', 36_000],
      ['医疗救治', 28_000],
      ['领养活动与回访', 16_000],
    ],
  },
  {
    slug: 'ancient-book-restoration',
    organization: 'ancient-book-guardians',
    title: '古籍修复：一页一页，补回历史',
    summary: '修复师廉成春用板刷刷平书页，用纸条补洞，用镊子一点点夹下多余的纸。支持一批珍贵古籍的修复。',
    story:
      '廉成春做古籍修复已经13年，修过很多非常珍贵的材料。在抖音上，你能看见她每天的工作：用板刷把书页一张张刷平，用纸条去补洞，再用镊子把多余的纸一点点夹下来。\n\n她已经发了140多个视频，获得70多万赞。真实的记录让公众看见古籍修复确实在做有意义的事情。\n',
    category: 'heritage',
    region: '北京',
    goalYuan: 50_000,
    startsDaysAgo: 45,
    durationDays: 365,
    status: 'fundraising',
    filingNumber: '53100000500018422D21012',
    donations: 250,
    typicalYuan: 80,
    budget: [
      ['修复用纸与材料', 18_750],
      ['修复师工时', 26_250],
      ['视频记录与公开', 5_000],
    ],
  },
  {
    slug: 'mawei-childrens-art-troupe',
    organization: 'mawei-troupe',
    title: '马尾儿童艺术团：让大山里的歌声被听见',
    summary: '大凉山困境中的彝族孩子唱自己的民歌。资助他们上学，请专业老师教彝族民歌和童谣。',
    story:
      '马尾儿童艺术团的孩子们都是处于困境中的彝族儿童，其中许多是孤儿。社工机构除了通过社会捐赠资助儿童上学，还聘请专业教师教授彝族民歌和儿歌，帮助孩子们的精神成长。\n\n他们向快手音乐库上传了11首原创歌曲，其中《马尾》已经被33000个短视频用作配乐。\n',
    category: 'charity_culture',
    region: '四川·凉山',
    goalYuan: 60_000,
    startsDaysAgo: 20,
    durationDays: 200,
    status: 'fundraising',
    filingNumber: '53440300576385301E22015',
    donations: 400,
    typicalYuan: 50,
    budget: [
      ['孩子们的学费与生活费', 38_400],
      ['音乐老师', 16_800],
      ['排练与演出', 4_800],
    ],
  },
  {
    slug: 'blue-action-autism',
    organization: 'one-foundation',
    title: '蓝色行动：自闭症儿童融合支持',
    summary: '每年4月2日世界自闭症日，壹基金联合全国50家自闭症康复机构，让公众了解自闭症谱系障碍群体。',
    story:
      '“蓝色行动”是壹基金每年世界自闭症日开展的公益传播项目。2018年的定制魔法表情三天吸引约12万快手用户参与，上千万用户观看相关视频。\n\n这一期支持全国50家康复机构的家长培训与融合活动。\n',
    category: 'charity_culture',
    region: '全国',
    goalYuan: 100_000,
    startsDaysAgo: 50,
    durationDays: 150,
    status: 'fundraising',
    filingNumber: '53440300576385301E22002',
    donations: 500,
    typicalYuan: 60,
    budget: [
      ['康复机构家长培训', 60_000],
      ['融合活动', 28_000],
      ['传播与执行', 12_000],
    ],
  },
  {
    slug: 'warm-packs-disaster-relief',
    organization: 'one-foundation',
    title: '壹基金温暖包：灾区儿童过冬',
    summary: '为受灾地区的儿童送去装有棉衣、棉鞋、围巾和文具的温暖包。',
    story:
      '2018年防灾减灾日（汶川地震十周年），壹基金与快手发起“自救神器了解一下”短视频大赛，51万用户参与。\n\n温暖包项目为受灾和贫困地区的儿童送去过冬物资。\n',
    category: 'disaster_relief',
    region: '全国',
    goalYuan: 200_000,
    startsDaysAgo: 8,
    durationDays: 120,
    status: 'fundraising',
    filingNumber: '53440300576385301E22021',
    donations: 300,
    typicalYuan: 100,
    budget: [
      ['温暖包物资', 168_000],
      ['仓储与物流', 24_000],
      ['执行与回访', 8_000],
    ],
  },
  {
    slug: 'shanpin-rural-goods',
    organization: 'cfpa',
    title: '善品公社：贫困县好物走出大山',
    summary: '支持贫困县合作社的品控、包装与电商培训，让农产品卖得出、卖得好。',
    story:
      '2018年9月至10月，家乡好货邀请不同省份的主播售卖来自贫困县区的特色物产，为中国扶贫基金会电商扶贫项目“善品公社”带去销售支持。\n',
    category: 'rural_development',
    region: '全国',
    goalYuan: 120_000,
    startsDaysAgo: 70,
    durationDays: 200,
    status: 'fundraising',
    filingNumber: '53100000500021676K22009',
    donations: 200,
    typicalYuan: 120,
    budget: [
      ['合作社品控设备', 57_600],
      ['电商培训', 38_400],
      ['包装设计', 24_000],
    ],
  },
  {
    slug: 'bayannur-recovery',
    organization: 'cfpa',
    title: '巴彦淖尔灾后重建',
    summary: '2018年8月，向内蒙古巴彦淖尔灾区捐赠粮油等生活必需品，支援紧急救援和灾后重建。',
    story: '2018年8月，快手通过中国扶贫基金会向内蒙古巴彦淖尔市灾区捐赠粮油等生活必需品。\n',
    category: 'disaster_relief',
    region: '内蒙古·巴彦淖尔',
    goalYuan: 100_000,
    startsDaysAgo: 200,
    durationDays: 60,
    status: 'closed',
    filingNumber: '53100000500021676K18031',
    donations: 700,
    typicalYuan: 100,
    budget: [
      ['粮油等生活物资', 85_000],
      ['运输', 15_000],
    ],
  },
  {
    slug: 'free-lunch-kitchen-upgrade',
    organization: 'free-lunch',
    title: '免费午餐：乡村学校厨房改造（审核中）',
    summary: '为20所新开餐学校改造厨房，达到食品安全标准。',
    story: '新开餐学校的厨房往往简陋。本项目为20所学校改造厨房。\n',
    category: 'education',
    region: '贵州',
    goalYuan: 200_000,
    startsDaysAgo: -7,
    durationDays: 180,
    status: 'in_review',
    donations: 0,
    typicalYuan: 0,
    budget: [
      ['厨房设备', 160_000],
      ['施工', 40_000],
    ],
  },
]

/** Names donors chose to show; the rest give anonymously. */
export const donorNames = [
  '爱心网友', '张先生', '王女士', '小雨', '阿杰', 'Lily', '陈老师', '一位妈妈', '刘同学', '老周',
  '赵女士', '晓晓', 'Tom', '孙大夫', '李阿姨', '小何', '杨先生', '吴同学', 'Anna', '郑女士',
]

export const donorMessages = [
  '加油！', '希望孩子们吃得饱饱的', '一点心意', '谢谢你们的坚持', '每月都会来看看进展',
  '为你们点赞', null, null, null, null, null, null,
]

export interface DemoUpdate {
  project: string
  author: string
  daysAgo: number
  title: string
  body: string
}

/** Progress updates, written from what the source documents report about these programmes. */
export const demoUpdates: DemoUpdate[] = [
  {
    project: 'free-lunch-draw-to-life',
    author: 'editor',
    daysAgo: 2,
    title: '第一幅画变成了午餐：糖醋鱼上桌',
    body: '孩子画下的糖醋鱼，今天由创作者在学校厨房做了出来，全班同学一起吃上了。\n\n话题 **#点画成真** 的播放已超过 2.5 亿次。每 4 元就是一个孩子的一顿热午餐，本周采购的食材票据已记入透明账本。',
  },
  {
    project: 'free-lunch-draw-to-life',
    author: 'owner',
    daysAgo: 20,
    title: '本月食材采购与监测报告',
    body: '本月按每餐 4 元标准为合作学校采购食材。监测员走访了 6 所学校，抽查了出餐记录和食材验收单。\n\n- 出餐天数与上学天数一致\n- 食材价格与当地市场价对比无异常',
  },
  {
    project: 'erlangmiao-village-school',
    author: 'editor',
    daysAgo: 6,
    title: '二郎庙小学的新厨房开始动工',
    body: '厨房改造今天开工：先换排烟和上下水，再装不锈钢操作台。预计三周完工，完工后我们会发布验收照片。',
  },
  {
    project: 'blue-action-autism',
    author: 'one',
    daysAgo: 9,
    title: '「蓝色行动」：50 家康复机构加入',
    body: '今年 4 月 2 日世界自闭症日，除了明星短片和海报，我们邀请了 **50 家自闭症康复机构**入驻平台，为分散在全国各地的机构提供公益传播支持。\n\n三天的定制魔法表情活动吸引约 12 万名用户参与，上千万用户观看了相关视频。',
  },
  {
    project: 'warm-packs-disaster-relief',
    author: 'one',
    daysAgo: 4,
    title: '首批温暖包已运抵灾区学校',
    body: '首批温暖包（棉衣、棉鞋、围巾和文具）已运抵灾区学校，由当地志愿者按班级发放。发放签收单将作为支出凭证公开。',
  },
]

/** What the demo donor follows, so /feed has something to show. */
export const demoFollows = { projects: ['free-lunch-draw-to-life', 'warm-packs-disaster-relief'], organizations: ['one-foundation'] }

/** Moderation in the demo: a spam message a moderator removed, and one the automatic check is holding. */
export const demoModeration = {
  removedMessage: '博彩网站注册就送 888 元 https://bit.ly/3kXq9 https://bit.ly/3kXq8 https://bit.ly/3kXq7 https://bit.ly/3kXq6',
  removedReason: '赌博广告，与项目无关 / Gambling advertisement unrelated to the project',
  heldMessage: '捐款太慢了，想帮忙的加微信 lunch2026 私下转账给我',
}

/**
 * Where the demo's money went: each project that raised money has spent part of it against its
 * budget lines, with evidence (scans made by `npm run demo:media` into seeds/media/evidence, each
 * marked as a demo sample). 善品公社 has held money for 70 days without disclosing any spending,
 * and 巴彦淖尔 closed months ago without its final report: their transparency scores show it.
 */
export interface DemoEvidence {
  /** File name in seeds/media/evidence/. */
  file: string
  kind: 'receipt' | 'delivery' | 'voucher'
  /** Items on the document: what, quantity note, amount in yuan. */
  items: [what: string, detail: string, yuan: number][]
}

export interface DemoExpense {
  project: string
  /** Index of the budget line. */
  line: number
  yuan: number
  daysAgo: number
  payee: string
  payeeIsPerson?: boolean
  description: string
  evidence: DemoEvidence[]
}

export const demoExpenses: DemoExpense[] = [
  {
    project: 'free-lunch-draw-to-life',
    line: 0,
    yuan: 12_000,
    daysAgo: 40,
    payee: '新化县惠农食品配送有限公司',
    description: '湖南新化县 3 所村小 10 月食材：3,000 餐 × 4 元',
    evidence: [{ file: 'free-lunch-food-october.jpg', kind: 'receipt', items: [['大米、食用油', '3 所学校 10 月', 4_200], ['鸡蛋、肉类', '每周两次荤菜', 5_100], ['时令蔬菜', '每日配送', 2_700]] }],
  },
  {
    project: 'free-lunch-draw-to-life',
    line: 1,
    yuan: 8_600,
    daysAgo: 25,
    payee: '湘厨厨具设备有限公司',
    description: '蒸饭柜 2 台、保温桶 10 个，送货到校并安装',
    evidence: [
      { file: 'free-lunch-kitchen-receipt.jpg', kind: 'receipt', items: [['商用蒸饭柜（12 盘）', '2 台 × 3,300 元', 6_600], ['不锈钢保温桶 30L', '10 个 × 200 元', 2_000]] },
      { file: 'free-lunch-kitchen-delivery.jpg', kind: 'delivery', items: [['商用蒸饭柜（12 盘）', '2 台，已安装调试', 6_600], ['不锈钢保温桶 30L', '10 个，已签收', 2_000]] },
    ],
  },
  {
    project: 'free-lunch-draw-to-life',
    line: 2,
    yuan: 1_850,
    daysAgo: 6,
    payee: '王建国',
    payeeIsPerson: true,
    description: '项目监测走访差旅：长沙—新化往返，走访 3 所学校',
    evidence: [{ file: 'free-lunch-monitoring-travel.jpg', kind: 'voucher', items: [['高铁往返', '长沙南—新化', 620], ['住宿', '2 晚', 480], ['县内交通', '3 天包车', 750]] }],
  },
  {
    project: 'erlangmiao-village-school',
    line: 0,
    yuan: 6_000,
    daysAgo: 18,
    payee: '周口市绿源蔬菜批发部',
    description: '11 月营养午餐食材（全校 156 名学生）',
    evidence: [{ file: 'erlangmiao-food-november.jpg', kind: 'receipt', items: [['米面粮油', '11 月', 2_600], ['蔬菜', '每日配送', 1_900], ['鸡蛋、豆制品', '每日', 1_500]] }],
  },
  {
    project: 'erlangmiao-village-school',
    line: 1,
    yuan: 5_200,
    daysAgo: 9,
    payee: '郸城县建安装修队',
    description: '厨房改造一期：排烟、上下水、不锈钢操作台',
    evidence: [{ file: 'erlangmiao-kitchen-works.jpg', kind: 'receipt', items: [['排烟管道', '含安装', 1_800], ['上下水改造', '含材料', 1_600], ['不锈钢操作台', '2 张', 1_800]] }],
  },
  {
    project: 'stray-animal-rescue',
    line: 0,
    yuan: 9_000,
    daysAgo: 6,
    payee: '南京爱宠动物医院',
    description: '流浪猫犬绝育手术 30 例（含术前检查、疫苗）',
    evidence: [{ file: 'stray-animal-neutering.jpg', kind: 'receipt', items: [['绝育手术', '30 例 × 240 元', 7_200], ['狂犬疫苗', '30 针 × 60 元', 1_800]] }],
  },
  {
    project: 'ancient-book-restoration',
    line: 0,
    yuan: 3_600,
    daysAgo: 28,
    payee: '泾县宣纸厂门市部',
    description: '修复用手工竹纸、皮纸和小麦淀粉浆',
    evidence: [{ file: 'ancient-book-paper.jpg', kind: 'receipt', items: [['手工竹纸', '200 张', 2_000], ['楮皮纸', '100 张', 1_200], ['小麦淀粉', '10 斤', 400]] }],
  },
  {
    project: 'ancient-book-restoration',
    line: 1,
    yuan: 4_000,
    daysAgo: 12,
    payee: '廉成春',
    payeeIsPerson: true,
    description: '修复师工时 40 小时：清代刻本两函的补洞与托裱',
    evidence: [{ file: 'ancient-book-restorer-hours.jpg', kind: 'voucher', items: [['修复工时', '40 小时 × 100 元', 4_000]] }],
  },
  {
    project: 'mawei-childrens-art-troupe',
    line: 0,
    yuan: 7_200,
    daysAgo: 10,
    payee: '昭觉县民族小学',
    description: '秋季学期 12 名孩子的学费与住宿生活费',
    evidence: [{ file: 'mawei-school-fees.jpg', kind: 'receipt', items: [['住宿生活费', '12 人 × 500 元', 6_000], ['校服与文具', '12 人 × 100 元', 1_200]] }],
  },
  {
    project: 'blue-action-autism',
    line: 0,
    yuan: 10_000,
    daysAgo: 28,
    payee: '深圳市南山区融爱康复中心',
    description: '自闭症儿童家长培训营：50 个家庭，场地与讲师',
    evidence: [{ file: 'blue-action-parent-training.jpg', kind: 'receipt', items: [['培训讲师', '4 天', 6_000], ['场地', '4 天', 2_400], ['教材', '50 套', 1_600]] }],
  },
  {
    // No evidence yet: the organisation still has to upload the printer's receipt (it shows).
    project: 'blue-action-autism',
    line: 1,
    yuan: 4_500,
    daysAgo: 15,
    payee: '深圳市彩虹印务有限公司',
    description: '世界自闭症日融合活动的海报与手册印制',
    evidence: [],
  },
  {
    project: 'warm-packs-disaster-relief',
    line: 0,
    yuan: 18_000,
    daysAgo: 2,
    payee: '广州暖心服饰有限公司',
    description: '首批温暖包 90 个：棉衣、棉鞋、围巾、文具',
    evidence: [
      { file: 'warm-packs-receipt.jpg', kind: 'receipt', items: [['温暖包（儿童款）', '90 个 × 200 元', 18_000]] },
      { file: 'warm-packs-delivery.jpg', kind: 'delivery', items: [['温暖包（儿童款）', '90 个，学校签收', 18_000]] },
    ],
  },
  {
    project: 'bayannur-recovery',
    line: 0,
    yuan: 30_000,
    daysAgo: 170,
    payee: '巴彦淖尔市临河区粮油批发中心',
    description: '第一批生活物资：米、面、油，发放 600 户',
    evidence: [{ file: 'bayannur-supplies-1.jpg', kind: 'receipt', items: [['大米 25kg', '600 袋', 18_000], ['面粉 10kg', '300 袋', 6_000], ['食用油 5L', '200 桶', 6_000]] }],
  },
  {
    project: 'bayannur-recovery',
    line: 1,
    yuan: 6_500,
    daysAgo: 160,
    payee: '临河区顺达物流',
    description: '物资运输 3 车次（临河—五原县受灾村）',
    evidence: [{ file: 'bayannur-transport.jpg', kind: 'voucher', items: [['货车运输', '3 车次', 6_500]] }],
  },
  {
    project: 'bayannur-recovery',
    line: 0,
    yuan: 28_000,
    daysAgo: 145,
    payee: '巴彦淖尔市临河区粮油批发中心',
    description: '第二批生活物资：米、面、油、棉被',
    evidence: [{ file: 'bayannur-supplies-2.jpg', kind: 'receipt', items: [['大米 25kg', '500 袋', 15_000], ['棉被', '260 床', 13_000]] }],
  },
]

/** A gift the donor asked to have back, refunded through the gateway: the ledger shows the refund. */
export const demoRefund = { project: 'free-lunch-draw-to-life', reason: '捐赠人误操作，重复捐款 / Donor gave twice by mistake' }
