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
  /** The English version (the Chinese is the original). */
  en: { name: string; description: string }
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
    en: {
      name: 'Free Lunch for Children, China Social Welfare Foundation',
      description:
        "Free Lunch for Children gives 3 yuan a day (now 4) so that pupils in poor rural areas get a free school lunch. In its Draw to Life campaign, soon after ByteDance's charity platform opened, Free Lunch raised 15 million yuan from more than 1.18 million gifts.",
    },
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
    en: {
      name: 'Amity Foundation',
      description:
        "The Amity Foundation's stray-animal project with the Ta Foundation was the second project on ByteDance's charity platform and raised 2 million yuan in 12 days.",
    },
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
    en: {
      name: 'Shenzhen One Foundation',
      description:
        "One of Kuaishou's Happiness Partners. On Disaster Prevention Day 2018, One Foundation and Kuaishou ran the 'Self-rescue gadgets' short-video contest, with 510,000 entrants; its Blue Action for World Autism Awareness Day drew about 120,000 people in three days.",
    },
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
    en: {
      name: 'China Foundation for Rural Development',
      description:
        "Formerly the China Foundation for Poverty Alleviation, and one of Kuaishou's Happiness Partners: Kuaishou set up its Kuaishou Technology Charity Fund here. In 2018 livestreamers from many provinces sold goods for its Shanpin e-commerce programme, and in August it delivered food and supplies to flood-hit Bayannur in Inner Mongolia.",
    },
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
    en: {
      name: 'Ancient Book Guardians',
      description:
        "Grown out of ByteDance's 'Looking for the guardians of ancient books' campaign. The restorer Lian Chengchun has mended ancient books for 13 years and posted more than 140 videos of her work on Douyin, liked over 700,000 times.",
    },
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
    en: {
      name: "Mawei Children's Art Troupe Social Work Station",
      description:
        "Run by a social-work organisation in Liangshan, Sichuan. The troupe's children are Yi children in hardship, many of them orphans. The station pays for their schooling and brings in professional teachers of Yi folk songs and nursery rhymes. Its Kuaishou account has nearly 100,000 followers, and its original song 'Mawei' is the soundtrack of 33,000 Kuaishou videos.",
    },
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
    en: {
      name: 'Chengdu Charity Federation',
      description:
        'After the landslide in Mao County on 24 June 2017, Kuaishou gave 500,000 yuan to the disaster area through the Chengdu Charity Federation. (Demo: an application awaiting review.)',
    },
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
  /** The English version (the Chinese is the original). */
  en: { title: string; summary: string; story: string }
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
  budget: [label: string, yuan: number, labelEn: string][]
}

export const demoProjects: DemoProject[] = [
  {
    slug: 'free-lunch-draw-to-life',
    organization: 'free-lunch',
    title: '免费午餐·点画成真',
    summary: '乡村孩子画下想吃的饭菜，创作者把画变成真正的午餐。每4元，让一个孩子吃上一顿热乎的午餐。',
    story:
      '## 点画成真\n\n字节跳动公益平台上线后的第一个项目，就是与免费午餐合作的“点画成真”：我们发布了一系列乡村孩子的画，邀请创作者把画变成真正的美食——比如一个孩子画的糖醋鱼。\n\n话题 #点画成真 获得 **2.5亿次** 播放，最火的视频获得200多万个赞。免费午餐在平台上线以来筹集到1500万元，参与捐助超过118万人次。\n\n### 善款用途\n\n- 食材采购（按每餐4元标准）\n- 学校厨房设备\n- 项目执行与监测\n',
    en: {
      title: 'Free Lunch: Draw to Life',
      summary: 'Village children draw the meals they dream of, and cooks turn the drawings into real lunches. Every 4 yuan gives a child a hot school lunch.',
      story: '## Draw to Life\n\nThe first project on ByteDance\'s charity platform was Draw to Life, with Free Lunch for Children: we published drawings by village children and invited creators to cook them for real, such as one child\'s sweet-and-sour fish.\n\nThe #DrawToLife topic was played **250 million times**, and the most popular video got more than 2 million likes. Since the platform opened, Free Lunch has raised 15 million yuan on it from more than 1.18 million gifts.\n\n### Where the money goes\n\n- Food (at 4 yuan a meal)\n- School kitchen equipment\n- Running and monitoring the programme\n',
    },
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
      ['食材采购（每餐4元）', 80_000, 'Food (4 yuan a meal)'],
      ['厨房设备', 15_000, 'Kitchen equipment'],
      ['项目执行与监测', 5_000, 'Running and monitoring'],
    ],
  },
  {
    slug: 'erlangmiao-village-school',
    organization: 'free-lunch',
    title: '二郎庙村小学：校长爷爷的营养午餐',
    summary: '河南太康县二郎庙村小学，80后校长张鹏程一人教几门课，每天还给孩子们做饭。帮学校把午餐和厨房办好。',
    story:
      '张鹏程是河南太康县二郎庙村小学的校长。他是80后，头发却有些花白，孩子们叫他“校长爷爷”。他早年打工，后来回乡，垫了自己的钱办教育。\n\n一个女孩把营养午餐里的鸡腿留下来带回家给妈妈吃——这个故事被他发到抖音上，吸引社会各界捐款60多万元。\n\n这一期我们为学校筹集一年的营养午餐和厨房改造费用。\n',
    en: {
      title: "Erlangmiao Village School: Grandpa Principal's school lunches",
      summary: 'At Erlangmiao village school in Taikang County, Henan, principal Zhang Pengcheng teaches several subjects and cooks lunch for the children every day. Help keep its lunches and kitchen going.',
      story: 'Zhang Pengcheng is the principal of Erlangmiao village primary school in Taikang County, Henan. He was born in the 1980s, yet his hair is already going grey, and the children call him \'Grandpa Principal\'. He worked away from home when he was young, then came back and paid out of his own pocket to keep the school going.\n\nOne girl saved the chicken leg from her school lunch to take home to her mother. He posted her story on Douyin, and people from all walks of life gave more than 600,000 yuan.\n\nThis round raises a year of school lunches and the cost of refitting the kitchen.\n',
    },
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
      ['营养午餐（一年）', 43_000, 'School lunches (one year)'],
      ['厨房改造', 14_000, 'Kitchen refit'],
      ['餐具与保温设备', 3_000, 'Tableware and food warmers'],
    ],
  },
  {
    slug: 'stray-animal-rescue',
    organization: 'amity-foundation',
    title: '流浪动物救助：给它们一个家',
    summary: '爱德基金会与它基金合作：救助、绝育、医疗与领养流浪动物。平台上的第一期12天筹集到200万元。',
    story:
      '爱德基金会和它基金的流浪动物保护项目，是字节跳动公益平台的第二个项目，**12天内筹集到200万元**。\n\n这一期支持城市救助站的绝育、疫苗、医疗和领养活动。\n',
    en: {
      title: 'Stray Animal Rescue: a home for every stray',
      summary: 'The Amity Foundation and the Ta Foundation rescue, neuter, treat and rehome stray animals. The first round on the platform raised 2 million yuan in 12 days.',
      story: 'The stray-animal project of the Amity Foundation and the Ta Foundation was the second project on ByteDance\'s charity platform and **raised 2 million yuan in 12 days**.\n\nThis round pays for neutering, vaccinations, veterinary care and adoption days at city shelters.\n',
    },
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
      ['绝育与疫苗', 36_000, 'Neutering and vaccinations'],
      ['医疗救治', 28_000, 'Veterinary care'],
      ['领养活动与回访', 16_000, 'Adoption days and follow-up visits'],
    ],
  },
  {
    slug: 'ancient-book-restoration',
    organization: 'ancient-book-guardians',
    title: '古籍修复：一页一页，补回历史',
    summary: '修复师廉成春用板刷刷平书页，用纸条补洞，用镊子一点点夹下多余的纸。支持图书馆藏的一批珍贵古籍的修复。',
    story:
      '廉成春做古籍修复已经13年，修过很多非常珍贵的材料。在抖音上，你能看见她每天的工作：用板刷把书页一张张刷平，用纸条去补洞，再用镊子把多余的纸一点点夹下来。\n\n她已经发了140多个视频，获得70多万赞。真实的记录让公众看见古籍修复确实在做有意义的事情。\n',
    en: {
      title: 'Ancient Book Restoration: mending history page by page',
      summary: "The restorer Lian Chengchun brushes pages flat, patches holes with strips of paper and plucks away the excess with tweezers. Help restore a batch of rare old books from a library's collection.",
      story: 'Lian Chengchun has restored ancient books for 13 years and has worked on many precious documents. On Douyin you can watch her every day: brushing the pages flat one by one, patching holes with strips of paper, and plucking away the excess paper bit by bit with tweezers.\n\nShe has posted more than 140 videos, liked over 700,000 times. Seeing the real work has shown the public that restoring old books matters.\n',
    },
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
      ['修复用纸与材料', 18_750, 'Restoration paper and materials'],
      ['修复师工时', 26_250, "Restorer's hours"],
      ['视频记录与公开', 5_000, 'Filming and publishing the work'],
    ],
  },
  {
    slug: 'mawei-childrens-art-troupe',
    organization: 'mawei-troupe',
    title: '马尾儿童艺术团：让大山里的歌声被听见',
    summary: '大凉山困境中的彝族孩子唱自己的民歌。资助他们上学，请专业老师教彝族民歌和童谣。',
    story:
      '马尾儿童艺术团的孩子们都是处于困境中的彝族儿童，其中许多是孤儿。社工机构除了通过社会捐赠资助儿童上学，还聘请专业教师教授彝族民歌和儿歌，帮助孩子们的精神成长。\n\n他们向快手音乐库上传了11首原创歌曲，其中《马尾》已经被33000个短视频用作配乐。\n',
    en: {
      title: "Mawei Children's Art Troupe: let the mountains' songs be heard",
      summary: 'Yi children in hardship in the Liangshan mountains sing their own folk songs. Pay for their schooling and for professional teachers of Yi songs and nursery rhymes.',
      story: 'The children of the Mawei Children\'s Art Troupe are all Yi children in hardship, many of them orphans. Besides paying for their schooling with donations, the social-work station hires professional teachers to teach them Yi folk songs and nursery rhymes, which help the children grow in spirit.\n\nThey have uploaded 11 original songs to Kuaishou\'s music library; one of them, \'Mawei\', has been the soundtrack of 33,000 short videos.\n',
    },
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
      ['孩子们的学费与生活费', 38_400, 'School fees and living costs'],
      ['音乐老师', 16_800, 'Music teacher'],
      ['排练与演出', 4_800, 'Rehearsals and performances'],
    ],
  },
  {
    slug: 'blue-action-autism',
    organization: 'one-foundation',
    title: '蓝色行动：自闭症儿童融合支持',
    summary: '每年4月2日世界自闭症日，壹基金联合全国50家自闭症康复机构，让公众了解自闭症谱系障碍群体。',
    story:
      '“蓝色行动”是壹基金每年世界自闭症日开展的公益传播项目。2018年的定制魔法表情三天吸引约12万快手用户参与，上千万用户观看相关视频。\n\n这一期支持全国50家康复机构的家长培训与融合活动。\n',
    en: {
      title: 'Blue Action: inclusion for autistic children',
      summary: 'Every 2 April, World Autism Awareness Day, One Foundation and 50 autism rehabilitation centres across China help the public understand people on the autism spectrum.',
      story: 'Blue Action is One Foundation\'s public-awareness campaign for World Autism Awareness Day each year. In 2018 its custom \'magic\' video effect drew about 120,000 Kuaishou users in three days, and tens of millions watched the videos.\n\nThis round supports parent training and inclusion activities at 50 rehabilitation centres across China.\n',
    },
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
      ['康复机构家长培训', 60_000, 'Parent training at rehabilitation centres'],
      ['融合活动', 28_000, 'Inclusion activities'],
      ['传播与执行', 12_000, 'Outreach and running costs'],
    ],
  },
  {
    slug: 'warm-packs-disaster-relief',
    organization: 'one-foundation',
    title: '壹基金温暖包：灾区儿童过冬',
    summary: '为受灾地区的儿童送去装有棉衣、棉鞋、围巾和文具的温暖包。',
    story:
      '2018年防灾减灾日（汶川地震十周年），壹基金与快手发起“自救神器了解一下”短视频大赛，51万用户参与。\n\n温暖包项目为受灾和贫困地区的儿童送去过冬物资。\n',
    en: {
      title: 'One Foundation Warm Packs: winter for children in disaster areas',
      summary: 'Warm packs with a padded coat, cotton boots, a scarf and stationery for children in disaster-hit areas.',
      story: 'On Disaster Prevention Day 2018, the tenth anniversary of the Wenchuan earthquake, One Foundation and Kuaishou ran the \'Self-rescue gadgets\' short-video contest, which drew 510,000 entrants.\n\nThe Warm Pack project sends winter supplies to children in disaster-hit and poor areas.\n',
    },
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
      ['温暖包物资', 168_000, 'Warm pack contents'],
      ['仓储与物流', 24_000, 'Storage and shipping'],
      ['执行与回访', 8_000, 'Distribution and follow-up'],
    ],
  },
  {
    slug: 'shanpin-rural-goods',
    organization: 'cfpa',
    title: '善品公社：贫困县好物走出大山',
    summary: '支持贫困县合作社的品控、包装与电商培训，让农产品卖得出、卖得好。',
    story:
      '2018年9月至10月，家乡好货邀请不同省份的主播售卖来自贫困县区的特色物产，为中国扶贫基金会电商扶贫项目“善品公社”带去销售支持。\n',
    en: {
      title: 'Shanpin: good produce from poor counties, out of the mountains',
      summary: 'Quality control, packaging and e-commerce training for cooperatives in poor counties, so their produce sells, and sells well.',
      story: 'From September to October 2018, the Hometown Goods campaign invited livestreamers from different provinces to sell specialities from poor counties, giving sales to Shanpin, the e-commerce poverty-relief programme of the China Foundation for Poverty Alleviation (now the China Foundation for Rural Development).\n',
    },
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
      ['合作社品控设备', 57_600, 'Quality-control equipment for cooperatives'],
      ['电商培训', 38_400, 'E-commerce training'],
      ['包装设计', 24_000, 'Packaging design'],
    ],
  },
  {
    slug: 'bayannur-recovery',
    organization: 'cfpa',
    title: '巴彦淖尔灾后重建',
    summary: '2018年8月，向内蒙古巴彦淖尔灾区捐赠粮油等生活必需品，支援紧急救援和灾后重建。',
    story: '2018年8月，快手通过中国扶贫基金会向内蒙古巴彦淖尔市灾区捐赠粮油等生活必需品。\n',
    en: {
      title: 'Bayannur: rebuilding after the floods',
      summary: 'In August 2018, grain, cooking oil and other necessities for flood-hit Bayannur in Inner Mongolia, for the emergency and the rebuilding after it.',
      story: 'In August 2018 Kuaishou gave grain, cooking oil and other necessities to the disaster area of Bayannur, Inner Mongolia, through the China Foundation for Poverty Alleviation.\n',
    },
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
      ['粮油等生活物资', 85_000, 'Grain, oil and other supplies'],
      ['运输', 15_000, 'Transport'],
    ],
  },
  {
    slug: 'free-lunch-kitchen-upgrade',
    organization: 'free-lunch',
    title: '免费午餐：乡村学校厨房改造（审核中）',
    summary: '为20所新开餐学校改造厨房，达到食品安全标准。',
    story: '新开餐学校的厨房往往简陋。本项目为20所学校改造厨房。\n',
    en: {
      title: 'Free Lunch: refitting village school kitchens (in review)',
      summary: 'Refit the kitchens of 20 schools newly joining Free Lunch to food-safety standards.',
      story: 'Schools that have just started serving lunch often have bare kitchens. This project refits the kitchens of 20 schools.\n',
    },
    category: 'education',
    region: '贵州',
    goalYuan: 200_000,
    startsDaysAgo: -7,
    durationDays: 180,
    status: 'in_review',
    donations: 0,
    typicalYuan: 0,
    budget: [
      ['厨房设备', 160_000, 'Kitchen equipment'],
      ['施工', 40_000, 'Building work'],
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
  /** The English version (the Chinese is the original). */
  en: { title: string; body: string }
}

/** Progress updates, written from what the source documents report about these programmes. */
export const demoUpdates: DemoUpdate[] = [
  {
    project: 'free-lunch-draw-to-life',
    author: 'editor',
    daysAgo: 2,
    title: '第一幅画变成了午餐：糖醋鱼上桌',
    body: '孩子画下的糖醋鱼，今天由创作者在学校厨房做了出来，全班同学一起吃上了。\n\n话题 **#点画成真** 的播放已超过 2.5 亿次。每 4 元就是一个孩子的一顿热午餐，本周采购的食材票据已记入透明账本。',
    en: {
      title: 'The first drawing became lunch: sweet-and-sour fish is served',
      body: 'The sweet-and-sour fish a child drew was cooked today by a creator in the school kitchen, and the whole class ate it together.\n\nThe **#DrawToLife** topic has now been played more than 250 million times. Every 4 yuan is a hot lunch for a child, and this week\'s food receipts are in the public ledger.',
    },
  },
  {
    project: 'free-lunch-draw-to-life',
    author: 'owner',
    daysAgo: 20,
    title: '本月食材采购与监测报告',
    body: '本月按每餐 4 元标准为合作学校采购食材。监测员走访了 6 所学校，抽查了出餐记录和食材验收单。\n\n- 出餐天数与上学天数一致\n- 食材价格与当地市场价对比无异常',
    en: {
      title: "This month's food purchases and monitoring report",
      body: 'This month we bought food for our partner schools at 4 yuan a meal. Our monitors visited 6 schools and spot-checked meal records and delivery receipts.\n\n- Lunch was served on every school day\n- Food prices were in line with the local market',
    },
  },
  {
    project: 'erlangmiao-village-school',
    author: 'editor',
    daysAgo: 6,
    title: '二郎庙小学的新厨房开始动工',
    body: '厨房改造今天开工：先换排烟和上下水，再装不锈钢操作台。预计三周完工，完工后我们会发布验收照片。',
    en: {
      title: "Work starts on Erlangmiao school's new kitchen",
      body: 'The kitchen refit began today: first the extractor and the plumbing, then the stainless-steel worktops. It should take three weeks, and we will post photos of the finished kitchen.',
    },
  },
  {
    project: 'blue-action-autism',
    author: 'one',
    daysAgo: 9,
    title: '「蓝色行动」：50 家康复机构加入',
    body: '今年 4 月 2 日世界自闭症日，除了明星短片和海报，我们邀请了 **50 家自闭症康复机构**入驻平台，为分散在全国各地的机构提供公益传播支持。\n\n三天的定制魔法表情活动吸引约 12 万名用户参与，上千万用户观看了相关视频。',
    en: {
      title: 'Blue Action: 50 rehabilitation centres join',
      body: 'This World Autism Awareness Day, 2 April, besides short films and posters from well-known supporters, we invited **50 autism rehabilitation centres** onto the platform, giving centres scattered across China help to reach the public.\n\nThe three-day custom video effect drew about 120,000 participants, and tens of millions watched the videos.',
    },
  },
  {
    project: 'warm-packs-disaster-relief',
    author: 'one',
    daysAgo: 4,
    title: '首批温暖包已运抵灾区学校',
    body: '首批温暖包（棉衣、棉鞋、围巾和文具）已运抵灾区学校，由当地志愿者按班级发放。发放签收单将作为支出凭证公开。',
    en: {
      title: 'The first warm packs have reached schools in the disaster area',
      body: 'The first warm packs (padded coats, cotton boots, scarves and stationery) have reached schools in the disaster area, and local volunteers are handing them out class by class. The signed receipts will be published as evidence of the expense.',
    },
  },
]

/**
 * Video updates: short vertical clips (540×960, 6–10 s) drawn by `npm run demo:media` into
 * seeds/media/videos/, each posted as an update with the video's attribution code. Facts come from
 * the source documents (免费午餐's 4 yuan a meal, 廉成春's 13 years, 《马尾》's 33,000 videos, 壹基金's
 * 51万 "自救神器" entries, 善品公社's 2018 sales) and from the demo's own spending above. `captions`
 * are the lines burnt into the video, one a scene: they are also its transcript. English versions
 * ride along for the bilingual content to come.
 */
export interface DemoVideoUpdate {
  project: string
  /** File name in seeds/media/videos/ (its poster is the same name with .jpg). */
  file: string
  /** Demo user key of the member who posted it; absent for an organisation without demo accounts. */
  author?: string
  daysAgo: number
  title: string
  body: string
  titleEn: string
  bodyEn: string
  captions: [string, string, string]
  /** The spending it reports (descriptions in `demoExpenses`, recorded before it), linked under it. */
  expenses?: string[]
}

export const demoVideoUpdates: DemoVideoUpdate[] = [
  {
    project: 'free-lunch-draw-to-life',
    file: 'free-lunch-draw-to-life-1.mp4',
    author: 'editor',
    daysAgo: 39,
    title: '10 月食材到校：3 所村小，3,000 餐',
    body: '湖南新化县 3 所村小的 10 月食材今天配送到校：大米、食用油、鸡蛋、肉类和时令蔬菜。\n\n按每餐 4 元的标准，这一批够 136 名学生吃一个月，共 3,000 餐。收款收据已记入透明账本。',
    titleEn: 'October food delivered: 3 village schools, 3,000 meals',
    bodyEn: "October's food arrived today at three village schools in Xinhua County, Hunan: rice, cooking oil, eggs, meat and seasonal vegetables.\n\nAt 4 yuan a meal it feeds 136 pupils for a month, 3,000 meals in all. The receipt is in the public ledger.",
    captions: ['湖南新化 · 10 月食材到校', '3 所村小 · 136 名学生', '3,000 餐 × 4 元 · 票据已公开'],
    expenses: ['湖南新化县 3 所村小 10 月食材：3,000 餐 × 4 元'],
  },
  {
    project: 'free-lunch-draw-to-life',
    file: 'free-lunch-draw-to-life-2.mp4',
    author: 'editor',
    daysAgo: 24,
    title: '蒸饭柜装好了，冬天也能吃上热饭',
    body: '2 台 12 盘商用蒸饭柜和 10 个 30 升保温桶今天送到学校，安装调试完成。\n\n以前饭菜从厨房端到教室就凉了，现在每个班都有一个保温桶。送货签收单见透明账本。',
    titleEn: 'Rice steamers installed: hot lunches through the winter',
    bodyEn: 'Two 12-tray commercial rice steamers and ten 30-litre insulated buckets were delivered and installed today.\n\nLunch used to go cold between the kitchen and the classroom; now every class has its own insulated bucket. The signed delivery note is in the public ledger.',
    captions: ['2 台蒸饭柜 · 安装调试完成', '10 个保温桶 · 每班一个', '冬天也能吃上热饭'],
    expenses: ['蒸饭柜 2 台、保温桶 10 个，送货到校并安装'],
  },
  {
    project: 'free-lunch-draw-to-life',
    file: 'free-lunch-draw-to-life-3.mp4',
    author: 'owner',
    daysAgo: 5,
    title: '监测员回访：出餐天数与上学天数一致',
    body: '监测员从长沙到新化，三天走访了 3 所学校：抽查出餐记录和食材验收单，也和厨师、孩子们聊了聊。\n\n- 出餐天数与上学天数一致\n- 食材价格与当地市场价对比无异常\n\n这次走访的差旅凭证已公开。',
    titleEn: 'Monitoring visit: a lunch served on every school day',
    bodyEn: "Our monitor travelled from Changsha to Xinhua and spent three days at the three schools, checking meal records and food receipts and talking with cooks and children.\n\n- Meals were served on every school day\n- Food prices matched the local market\n\nThe trip's travel voucher is public.",
    captions: ['监测员走访 3 所学校', '抽查出餐记录和验收单', '出餐天数 = 上学天数'],
    expenses: ['项目监测走访差旅：长沙—新化往返，走访 3 所学校'],
  },
  {
    project: 'erlangmiao-village-school',
    file: 'erlangmiao-village-school-1.mp4',
    author: 'editor',
    daysAgo: 27,
    title: '校长爷爷的一天：上课、做饭、送孩子回家',
    body: '张鹏程校长是 80 后，头发却有些花白，孩子们都叫他“校长爷爷”。他上午教好几门课，11 点进厨房，给全校 156 名学生做午饭。\n\n这一期筹款，是为了让他不用再自己垫钱买菜。',
    titleEn: "A day with 'Grandpa Principal': teaching, cooking, walking the children home",
    bodyEn: "Principal Zhang Pengcheng was born in the 1980s, yet his hair is already grey, so the children call him 'Grandpa Principal'. He teaches several subjects in the morning and at 11 goes into the kitchen to cook lunch for all 156 pupils.\n\nThis appeal is so that he no longer has to pay for the food out of his own pocket.",
    captions: ['二郎庙村小学 · 校长爷爷的一天', '上午上课 · 11 点进厨房', '全校 156 名学生的午饭'],
  },
  {
    project: 'erlangmiao-village-school',
    file: 'erlangmiao-village-school-2.mp4',
    author: 'editor',
    daysAgo: 16,
    title: '11 月食材到了：每天一个鸡蛋',
    body: '11 月的米面粮油、蔬菜、鸡蛋和豆制品已经到校，6,000 元的收据已公开。\n\n还记得那个把鸡腿留下来带回家给妈妈的女孩吗？从这个月起，每个孩子每天一个鸡蛋，每周两次肉菜。',
    titleEn: "November's food is here: an egg a day",
    bodyEn: "November's rice, flour, oil, vegetables, eggs and tofu have arrived; the 6,000-yuan receipt is public.\n\nRemember the girl who took her chicken leg home for her mother? From this month every child gets an egg a day and meat twice a week.",
    captions: ['11 月食材到校 · ¥6,000', '每天一个鸡蛋 · 每周两次肉菜', '谢谢每一位捐款人'],
    expenses: ['11 月营养午餐食材（全校 156 名学生）'],
  },
  {
    project: 'erlangmiao-village-school',
    file: 'erlangmiao-village-school-3.mp4',
    author: 'editor',
    daysAgo: 3,
    title: '新厨房施工第 4 天：排烟管道装好了',
    body: '厨房改造进行到第 4 天：排烟管道已经装好，上下水正在改。不锈钢操作台下周进场。\n\n预计三周完工，完工后我们会发验收视频。',
    titleEn: 'New kitchen, day 4: the extractor duct is in',
    bodyEn: 'Day 4 of the kitchen works: the extractor duct is installed and the plumbing is being redone. The stainless-steel worktops arrive next week.\n\nWe expect to finish in three weeks and will post a handover video.',
    captions: ['新厨房施工第 4 天', '排烟管道已装好', '预计三周完工'],
    expenses: ['厨房改造一期：排烟、上下水、不锈钢操作台'],
  },
  {
    project: 'stray-animal-rescue',
    file: 'stray-animal-rescue-1.mp4',
    author: 'amity',
    daysAgo: 10,
    title: '救助站的第一周：接回 18 只流浪猫狗',
    body: '爱德基金会和它基金的救助站这一周接回了 18 只流浪猫狗。每只都做了体检和驱虫，建了档案，排队等待绝育。\n\n上一期项目 12 天筹到 200 万元，这一期我们继续把每一笔钱花在哪里公开出来。',
    titleEn: 'First week at the shelter: 18 strays taken in',
    bodyEn: 'This week the Amity Foundation and Ta Foundation shelter took in 18 stray cats and dogs. Each was examined, dewormed and registered, and is waiting to be neutered.\n\nThe last round raised 2 million yuan in 12 days; this round, too, we publish where every yuan goes.',
    captions: ['爱德基金会 × 它基金', '第一周接回 18 只猫狗', '体检 · 驱虫 · 等待绝育'],
  },
  {
    project: 'stray-animal-rescue',
    file: 'stray-animal-rescue-2.mp4',
    author: 'amity',
    daysAgo: 5,
    title: '30 只猫狗完成绝育和疫苗',
    body: '南京爱宠动物医院本周为 30 只流浪猫狗做了绝育手术，并打了狂犬疫苗：手术每例 240 元，疫苗每针 60 元，收据已公开。\n\n术后它们在救助站休养一周，然后进入领养名单。',
    titleEn: '30 cats and dogs neutered and vaccinated',
    bodyEn: 'This week a Nanjing animal hospital neutered 30 stray cats and dogs and gave them rabies shots: 240 yuan an operation, 60 yuan a shot; the receipt is public.\n\nThey recover at the shelter for a week and then join the adoption list.',
    captions: ['30 只猫狗完成绝育', '手术 ¥240 · 疫苗 ¥60', '休养一周 · 即将开放领养'],
    expenses: ['流浪猫犬绝育手术 30 例（含术前检查、疫苗）'],
  },
  {
    project: 'stray-animal-rescue',
    file: 'stray-animal-rescue-3.mp4',
    author: 'amity',
    daysAgo: 1,
    title: '周末领养日：6 只狗狗找到了家',
    body: '周末在南京办了第一场领养日，6 只狗狗和 3 只猫咪找到了新家。每个领养家庭都签了领养协议，我们会在 3 个月内回访。',
    titleEn: 'Adoption day: 6 dogs found a home',
    bodyEn: 'Our first adoption day in Nanjing found new homes for 6 dogs and 3 cats. Every family signed an adoption agreement, and we will visit each of them within 3 months.',
    captions: ['周末领养日 · 南京', '6 只狗狗 · 3 只猫咪有了家', '3 个月内回访每个家庭'],
  },
  {
    project: 'ancient-book-restoration',
    file: 'ancient-book-restoration-1.mp4',
    daysAgo: 26,
    title: '一页一页：清代刻本的补洞',
    body: '这两函清代刻本虫蛀严重。廉成春先用板刷把书页一张张刷平，再用纸条去补洞，最后用镊子把多余的纸一点点夹下来。\n\n补洞用的手工竹纸和楮皮纸来自安徽泾县，票据已公开。',
    titleEn: 'Page by page: mending a Qing-dynasty print',
    bodyEn: 'These two cases of Qing-dynasty woodblock prints are badly worm-eaten. Lian Chengchun brushes each page flat, patches the holes with paper strips, then plucks away the excess paper with tweezers.\n\nThe handmade bamboo and mulberry paper comes from Jing County, Anhui; the receipt is public.',
    captions: ['清代刻本 · 两函', '板刷刷平 · 纸条补洞', '镊子夹去多余的纸'],
    expenses: ['修复用手工竹纸、皮纸和小麦淀粉浆'],
  },
  {
    project: 'ancient-book-restoration',
    file: 'ancient-book-restoration-2.mp4',
    daysAgo: 10,
    title: '40 小时之后：第一函修好了',
    body: '40 个小时的工时之后，第一函的虫洞全部补好，书页托裱平整。\n\n廉成春做古籍修复已经 13 年，在抖音上发了 140 多个工作视频，获得 70 多万赞。接下来修第二函。',
    titleEn: 'After 40 hours: the first case is restored',
    bodyEn: 'After 40 hours of work every wormhole in the first case is patched and the pages are backed and flat.\n\nLian Chengchun has restored ancient books for 13 years and posted more than 140 videos of her work on Douyin, liked over 700,000 times. The second case is next.',
    captions: ['修复工时 40 小时', '第一函 · 虫洞全部补好', '修复师廉成春 · 第 13 年'],
    expenses: ['修复师工时 40 小时：清代刻本两函的补洞与托裱'],
  },
  {
    project: 'mawei-childrens-art-troupe',
    file: 'mawei-childrens-art-troupe-1.mp4',
    daysAgo: 15,
    title: '周末排练：唱《马尾》',
    body: '周末，孩子们在社工站排练彝族民歌和童谣。专业老师每周来两次。\n\n艺术团上传了 11 首原创歌曲，其中《马尾》已经被 33,000 个短视频用作配乐。',
    titleEn: "Weekend rehearsal: singing 'Mawei'",
    bodyEn: "At the weekend the children rehearse Yi folk songs and nursery rhymes at the social-work station; a professional teacher comes twice a week.\n\nThe troupe has uploaded 11 original songs; 'Mawei' has been used as the soundtrack of 33,000 short videos.",
    captions: ['大凉山 · 周末排练', '原创歌曲 11 首', '《马尾》· 33,000 个视频的配乐'],
  },
  {
    project: 'mawei-childrens-art-troupe',
    file: 'mawei-childrens-art-troupe-2.mp4',
    daysAgo: 9,
    title: '新学期：12 个孩子回到学校',
    body: '秋季学期 12 名孩子的住宿生活费、校服和文具已交到昭觉县民族小学，收据已公开。\n\n艺术团的孩子都是困境中的彝族儿童，许多是孤儿。上学，是我们最先要保证的事。',
    titleEn: 'New term: 12 children back at school',
    bodyEn: "The autumn-term boarding costs, uniforms and stationery of 12 children have been paid to Zhaojue County Ethnic Primary School; the receipt is public.\n\nThe troupe's children are Yi children in hardship, many of them orphans. School comes first.",
    captions: ['昭觉县 · 新学期', '12 个孩子回到学校', '住宿生活费已交 · 票据公开'],
    expenses: ['秋季学期 12 名孩子的学费与住宿生活费'],
  },
  {
    project: 'blue-action-autism',
    file: 'blue-action-autism-1.mp4',
    author: 'one',
    daysAgo: 27,
    title: '家长培训营：50 个家庭，4 天',
    body: '深圳南山的家长培训营结束了：50 个自闭症儿童家庭，4 天课程，学习在家里怎么做融合训练。\n\n讲师、场地和教材的费用已公开。',
    titleEn: 'Parent training camp: 50 families, 4 days',
    bodyEn: "The parent training camp in Nanshan, Shenzhen is over: 50 families of autistic children, four days of classes on inclusion exercises to do at home.\n\nThe costs of trainers, venue and materials are public.",
    captions: ['深圳 · 家长培训营', '50 个家庭 · 4 天课程', '在家里也能做融合训练'],
    expenses: ['自闭症儿童家长培训营：50 个家庭，场地与讲师'],
  },
  {
    project: 'blue-action-autism',
    file: 'blue-action-autism-2.mp4',
    author: 'one',
    daysAgo: 13,
    title: '融合日：一起画一片蓝色',
    body: '融合日上，自闭症孩子和社区里的孩子一起画了一面蓝色的墙。\n\n“蓝色行动”2018 年三天吸引约 12 万名用户参与；理解，是融合的第一步。',
    titleEn: 'Inclusion day: painting a wall blue together',
    bodyEn: "On inclusion day autistic children and children from the neighbourhood painted a blue wall together.\n\nIn 2018 Blue Action drew about 120,000 participants in three days; understanding is the first step to inclusion.",
    captions: ['融合日 · 一起画画', '蓝色行动 · 12 万人参与', '理解，是融合的第一步'],
    expenses: ['世界自闭症日融合活动的海报与手册印制'],
  },
  {
    project: 'warm-packs-disaster-relief',
    file: 'warm-packs-disaster-relief-1.mp4',
    author: 'one',
    daysAgo: 7,
    title: '温暖包打包中：棉衣、棉鞋、围巾、文具',
    body: '志愿者在仓库里打包首批温暖包：每个包里有棉衣、棉鞋、围巾和一套文具，按孩子的年龄和尺码分好。\n\n首批 90 个，明天出发。',
    titleEn: 'Packing warm packs: coat, boots, scarf, stationery',
    bodyEn: "Volunteers are packing the first warm packs in the warehouse: a padded coat, boots, a scarf and a stationery set in each, sorted by the child's age and size.\n\nThe first 90 leave tomorrow.",
    captions: ['壹基金温暖包 · 打包中', '棉衣 · 棉鞋 · 围巾 · 文具', '首批 90 个 · 明天出发'],
  },
  {
    project: 'warm-packs-disaster-relief',
    file: 'warm-packs-disaster-relief-2.mp4',
    author: 'one',
    daysAgo: 2,
    title: '孩子们拿到了温暖包',
    body: '首批 90 个温暖包送到了灾区学校，当地志愿者按班级发放。孩子们当场就穿上了新棉衣。\n\n学校签收单已作为支出凭证公开。',
    titleEn: 'The children have their warm packs',
    bodyEn: 'The first 90 warm packs reached the schools in the disaster area and local volunteers handed them out class by class. The children put on their new coats there and then.\n\nThe school’s signed delivery note is public as evidence of the expense.',
    captions: ['首批 90 个温暖包送达', '志愿者按班级发放', '签收单已公开'],
    expenses: ['首批温暖包 90 个：棉衣、棉鞋、围巾、文具'],
  },
  {
    project: 'warm-packs-disaster-relief',
    file: 'warm-packs-disaster-relief-3.mp4',
    author: 'one',
    daysAgo: 1,
    title: '防灾小课堂：自救神器了解一下',
    body: '发放温暖包的同时，志愿者给孩子们上了一堂防灾课：哨子、手电、保温毯，遇到危险怎么求救。\n\n2018 年防灾减灾日（汶川地震十周年），壹基金发起的“自救神器了解一下”短视频大赛有 51 万人参与。',
    titleEn: 'Safety class: meet the self-rescue kit',
    bodyEn: "While handing out the warm packs, volunteers gave the children a disaster-safety class: a whistle, a torch, a thermal blanket, and how to call for help.\n\nOn Disaster Prevention Day 2018, the tenth anniversary of the Wenchuan earthquake, One Foundation's 'Self-rescue gadgets' video contest drew 510,000 participants.",
    captions: ['防灾小课堂', '哨子 · 手电 · 保温毯', '“自救神器”· 51 万人参与'],
  },
  {
    project: 'shanpin-rural-goods',
    file: 'shanpin-rural-goods-1.mp4',
    daysAgo: 60,
    title: '红心猕猴桃：从果园到快递箱',
    body: '合作社的红心猕猴桃开始采收：分级、装箱、贴溯源码，再交给快递。\n\n2018 年，家乡好货的主播们为善品公社卖出了 5,580 箱红心猕猴桃，销售额 22 万元。今年我们把品控和包装做得更好。',
    titleEn: 'Red-heart kiwis: from orchard to parcel',
    bodyEn: "The cooperative's red-heart kiwi harvest has begun: graded, boxed, labelled with a trace code and handed to the courier.\n\nIn 2018 livestreamers sold 5,580 boxes of these kiwis for Shanpin, 220,000 yuan in sales. This year we are improving quality control and packaging.",
    captions: ['善品公社 · 红心猕猴桃', '分级 · 装箱 · 贴溯源码', '2018 年卖出 5,580 箱'],
  },
  {
    project: 'shanpin-rural-goods',
    file: 'shanpin-rural-goods-2.mp4',
    daysAgo: 35,
    title: '永胜县软籽石榴上线直播间',
    body: '国家级贫困县永胜县的软籽石榴进了直播间。主播现场剥开，一粒一粒给大家看。\n\n2018 年这款石榴的累计销售额是 88,959.5 元；今年的电商培训正在合作社里进行。',
    titleEn: "Yongsheng's soft-seed pomegranates go live",
    bodyEn: 'Soft-seed pomegranates from Yongsheng, a nationally designated poor county, are in the livestream; the host breaks one open on camera.\n\nIn 2018 these pomegranates sold 88,959.50 yuan in all; this year e-commerce training is under way at the cooperative.',
    captions: ['永胜县 · 软籽石榴', '主播直播 · 现场剥开', '电商培训进行中'],
  },
  {
    project: 'bayannur-recovery',
    file: 'bayannur-recovery-1.mp4',
    daysAgo: 168,
    title: '第一批物资发放：600 户',
    body: '第一批生活物资从临河出发，3 车次运到五原县受灾村：大米、面粉、食用油，发放到 600 户。\n\n每户签收，名单在村委会公示。',
    titleEn: 'First relief supplies: 600 households',
    bodyEn: 'The first relief supplies left Linhe in three truckloads for the flooded villages of Wuyuan County: rice, flour and cooking oil for 600 households.\n\nEvery household signed for its share; the list is posted at the village committee.',
    captions: ['巴彦淖尔 · 五原县', '米 · 面 · 油 发放 600 户', '3 车次 · 从临河出发'],
    expenses: ['第一批生活物资：米、面、油，发放 600 户'],
  },
  {
    project: 'bayannur-recovery',
    file: 'bayannur-recovery-2.mp4',
    daysAgo: 143,
    title: '第二批：260 床棉被，赶在入冬前',
    body: '第二批物资送到了：500 袋大米和 260 床棉被，赶在入冬前发到最需要的家庭。\n\n2018 年 8 月，快手通过中国扶贫基金会向巴彦淖尔灾区捐赠了粮油等生活必需品；这一期延续了那次救援。',
    titleEn: 'Second delivery: 260 quilts before winter',
    bodyEn: 'The second delivery is here: 500 bags of rice and 260 quilts, handed out to the families in greatest need before winter.\n\nIn August 2018 Kuaishou gave grain, oil and other necessities to the Bayannur disaster area through the China Foundation for Poverty Alleviation; this project carries that relief on.',
    captions: ['第二批物资送达', '260 床棉被 · 500 袋大米', '赶在入冬前'],
    expenses: ['第二批生活物资：米、面、油、棉被'],
  },
]

/**
 * What probeVideo said about each generated video, and its poster's file name: seeds/media/videos/
 * videos.json, written by `npm run demo:media`, so seeding needs no ffprobe.
 */
export interface DemoVideoFile {
  durationMs: number
  width: number
  height: number
  poster: string
}

/**
 * Supporters' videos for the #点画成真 challenge on 免费午餐·点画成真: each draws a child's picture
 * of a dish and cooks it for real. Made by `npm run demo:media` into seeds/media/videos/; the
 * challenge (issue 21) seeds them, this data set only lists them.
 */
export interface DemoChallengeVideo {
  file: string
  title: string
  authorDisplayName: string
  /** The dish in the picture, as the video's captions name it. */
  dish: string
}

/**
 * The demo's challenge, after ByteDance's first project on its charity platform: #点画成真 invited
 * creators to cook the meals children in village schools drew, and its videos were played 250
 * million times; every gift through them went to 免费午餐.
 */
export const demoChallenge = {
  project: 'free-lunch-draw-to-life',
  slug: 'draw-to-life',
  tag: '点画成真',
  title: '把孩子们画的午餐做出来',
  brief:
    '山村小学的孩子们画下了自己最想吃的一顿午饭：番茄炒蛋、红烧肉、饺子、鸡腿……\n\n**怎么参与**：照着一幅画做出这道菜，拍一段 15 秒到 1 分钟的竖屏视频，配上话题 #点画成真 上传。视频审核通过后出现在这里和“看视频”里；通过你的视频捐出的每一笔钱都记在你的视频名下，全部进入免费午餐的透明账本。\n\n按每餐 4 元计算，每筹到 4 元，就有一个孩子多吃上一顿热乎的午饭。',
  en: {
    title: 'Cook the lunches the children drew',
    brief:
      'Children at village primary schools drew the lunch they would most like to eat: tomato and egg, braised pork, dumplings, a chicken leg...\n\n**How to take part**: cook the dish in one of the drawings, film a vertical video between 15 seconds and 1 minute long, and upload it with the tag #点画成真 (Draw to Life). Once approved it appears here and in Watch; every gift given through your video is credited to it, and all of it goes into Free Lunch\'s public ledger.\n\nAt 4 yuan a meal, every 4 yuan raised gives one more child a hot lunch.',
  },
}

export const demoChallengeVideos: DemoChallengeVideo[] = [
  { file: 'challenge-1.mp4', title: '小朋友画的番茄炒蛋，我做出来啦 #点画成真', authorDisplayName: '小鹿妈妈的厨房', dish: '番茄炒蛋' },
  { file: 'challenge-2.mp4', title: '照着画做一碗红烧肉 #点画成真', authorDisplayName: '阿杰下厨', dish: '红烧肉' },
  { file: 'challenge-3.mp4', title: '画里的饺子，一个一个包出来 #点画成真', authorDisplayName: '饺子馆老王', dish: '饺子' },
  { file: 'challenge-4.mp4', title: '她想留给妈妈的鸡腿 #点画成真', authorDisplayName: '晓晓爱画画', dish: '鸡腿' },
  { file: 'challenge-5.mp4', title: '和画里一样圆的大包子 #点画成真', authorDisplayName: '面点师傅陈叔', dish: '大包子' },
  { file: 'challenge-6.mp4', title: '一碗热汤面，给画画的你 #点画成真', authorDisplayName: 'Lily 的小厨房', dish: '热汤面' },
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

/**
 * The demo's giving day (issue 22), modelled on Tencent's 99 公益日: a three-day campaign running now,
 * a foundation's pool matching half of each gift with caps per gift, per donor per day and per
 * project, and a second sponsor's pool that doubles each donor's first gift to a project during the
 * first twelve hours. Gifts are given through the sandbox and credited by the webhook; the owner of
 * 免费午餐基金 giving to its own project is held for review (套捐).
 */
export const demoGivingDay = {
  slug: '99-giving-day',
  title: '2026 99 公益日 · 一块做好事',
  titleEn: '2026 99 Giving Day · Doing Good Together',
  startedHoursAgo: 20,
  endsInHours: 52,
  pools: [
    { sponsor: '腾讯公益慈善基金会', sponsorEn: 'Tencent Charity Foundation', totalYuan: 100_000, ratioPercent: 50, capPerGiftYuan: 100, capPerDonorDayYuan: 999, capPerProjectYuan: 20_000, firstGiftOnly: false, windowHours: null },
    // Its window: the campaign's first twelve hours.
    { sponsor: '快手科技公益基金', sponsorEn: 'Kuaishou Technology Charity Fund', totalYuan: 20_000, ratioPercent: 100, capPerGiftYuan: 20, capPerDonorDayYuan: null, capPerProjectYuan: null, firstGiftOnly: true, windowHours: 12 },
  ],
  projects: ['free-lunch-draw-to-life', 'erlangmiao-village-school', 'stray-animal-rescue', 'blue-action-autism', 'ancient-book-restoration'],
  // Two teams (一起捐) started by the demo donor; some of the gifts below are given through them.
  teams: [
    { key: 'animals', project: 'stray-animal-rescue', name: '流浪毛孩子小分队', goalYuan: 500, account: 'donor@sunlight.demo', message: '一起给毛孩子们一个家。', showStarter: true },
    // Reaches its goal with the gifts below: its starter is told once.
    { key: 'alumni', project: 'erlangmiao-village-school', name: '二郎庙校友会', goalYuan: 1_000, account: 'donor@sunlight.demo', message: '为母校的孩子们添一份力。', showStarter: false },
  ],
  gifts: [
    { project: 'free-lunch-draw-to-life', yuan: 50, hoursAgo: 19, email: 'wang.fang@example.org', displayName: '王芳' },
    { project: 'erlangmiao-village-school', yuan: 200, hoursAgo: 18.5, email: 'zhang.wei@example.org', team: 'alumni' },
    { project: 'stray-animal-rescue', yuan: 100, hoursAgo: 17, account: 'donor@sunlight.demo', displayName: '李想', team: 'animals' },
    { project: 'stray-animal-rescue', yuan: 30, hoursAgo: 16, account: 'donor@sunlight.demo', displayName: '李想', team: 'animals' },
    { project: 'blue-action-autism', yuan: 500, hoursAgo: 15, email: 'chen.jing@example.org', displayName: '陈静' },
    { project: 'ancient-book-restoration', yuan: 20, hoursAgo: 14, email: 'liu.yang@example.org' },
    { project: 'free-lunch-draw-to-life', yuan: 88, hoursAgo: 12, email: 'anna.schmidt@example.org', displayName: 'Anna' },
    { project: 'erlangmiao-village-school', yuan: 1_000, hoursAgo: 10, email: 'zhao.lei@example.org', displayName: '赵磊', team: 'alumni' },
    { project: 'erlangmiao-village-school', yuan: 66, hoursAgo: 9, email: 'wang.fang@example.org', displayName: '王芳' },
    { project: 'blue-action-autism', yuan: 99, hoursAgo: 5, email: 'sun.li@example.org' },
    { project: 'free-lunch-draw-to-life', yuan: 100, hoursAgo: 2, account: 'owner@freelunch.demo' },
    { project: 'ancient-book-restoration', yuan: 300, hoursAgo: 1, email: 'zhou.min@example.org', displayName: '周敏' },
  ] as { project: string; yuan: number; hoursAgo: number; email?: string; account?: string; displayName?: string; team?: string }[],
  /**
   * Sponsor-funded participation (ADR 0019): a sponsor gives ¥0.10 to a project each time a signed-in
   * person watches one of its video updates to the end or reads its spending — and what some demo
   * accounts (the under-18 one among them) already earned, through the same verified path.
   */
  participation: {
    sponsorEn: 'Dream Sprites',
    sponsor: '圆梦精灵计划',
    totalYuan: 500,
    perActionFen: 10,
    capPerPersonDay: 5,
    actions: ['watch_update', 'read_disclosure', 'share_visit'] as const,
    earned: [
      { account: 'donor@sunlight.demo', watch: 'free-lunch-draw-to-life-1.mp4', hoursAgo: 6 },
      { account: 'minor@sunlight.demo', watch: 'free-lunch-draw-to-life-1.mp4', hoursAgo: 3 },
      { account: 'minor@sunlight.demo', watch: 'stray-animal-rescue-1.mp4', hoursAgo: 2.5 },
      { account: 'minor@sunlight.demo', read: 'free-lunch-draw-to-life', hoursAgo: 2 },
      { account: 'donor@sunlight.demo', read: 'erlangmiao-village-school', hoursAgo: 1 },
    ] as { account: string; watch?: string; read?: string; hoursAgo: number }[],
  },
}
