/**
 * The hand-written recipe of the demo mall: the category tree with a product template per
 * level-3 category, fictional brands, shops and accounts. Everything random is decided
 * later (generate.ts) from a seeded PRNG; this file only holds the vocabulary.
 */
import type { ShopKind } from '../modules/merchants/merchants.tables.ts';
import type { Shape } from './shapes.ts';

// ---------------------------------------------------------------------------------------
// colours: one hex per name, used for SKU specs and for the product pictures

export const COLOURS: Record<string, string> = {
  曜石黑: '#2a2b30', 月光白: '#ecebe6', 星河蓝: '#3b5b9a', 远峰蓝: '#8db1d6', 青山绿: '#5d8c72', 晨曦金: '#d6b88a', 暮光紫: '#8a79b5',
  黑色: '#26272b', 白色: '#f3f3f0', 雾霾蓝: '#7f9bb3', 樱花粉: '#f0b7c4', 薄荷绿: '#a3d9c2', 柠檬黄: '#f2d35c', 深空灰: '#5f6268',
  藏青: '#243553', 燕麦色: '#d8c8aa', 卡其: '#b39b6f', 酒红: '#7d2a38', 军绿: '#5b6648', 浅灰: '#c9c9c9', 奶杏色: '#ead9c3',
  奶油白: '#f3ede1', 云朵灰: '#c4c6c8', 莫兰迪绿: '#9aab94', 雾粉: '#d9b3b0', 深海蓝: '#2e4a6b',
  珍珠白: '#f1f0ec', 太空灰: '#6b6e73', 奶茶色: '#cdb49a', 复古绿: '#7fa58a',
  天空蓝: '#8cc7ef', 草莓粉: '#f49ab0', 奶白: '#f6f1e7', 香蕉黄: '#f6dc7a',
  荧光绿: '#b5e04a', 活力橙: '#f28a3a', 冰川蓝: '#6fb6d9', 岩石灰: '#8a8d91', 玫红: '#d94c7c',
  沙漠卡其: '#c2a878', 湖蓝: '#3f87a6', 橙色: '#ee7b30',
  '01 正红': '#c8102e', '02 豆沙': '#b5646b', '03 枫叶棕': '#9a3b2b', '04 蜜桃粉': '#e98a8a', '05 复古橘': '#d35a2a', '06 樱桃红': '#9e1b32',
  '00 象牙白': '#f1dcc6', '01 自然色': '#e6c3a1', '02 小麦色': '#d1a57f',
  蓝色: '#2f5fb3', 红色: '#c8323c',
};

const PALETTES = {
  tech: ['曜石黑', '月光白', '星河蓝', '远峰蓝', '青山绿', '晨曦金', '暮光紫'],
  accessory: ['黑色', '白色', '雾霾蓝', '樱花粉', '薄荷绿', '柠檬黄', '深空灰'],
  apparel: ['黑色', '白色', '藏青', '燕麦色', '雾霾蓝', '卡其', '酒红', '军绿', '浅灰', '樱花粉'],
  womens: ['奶杏色', '黑色', '雾霾蓝', '樱花粉', '燕麦色', '酒红', '白色', '莫兰迪绿'],
  home: ['奶油白', '云朵灰', '莫兰迪绿', '雾粉', '燕麦色', '深海蓝'],
  appliance: ['珍珠白', '太空灰', '奶茶色', '复古绿', '樱花粉'],
  kids: ['天空蓝', '柠檬黄', '草莓粉', '薄荷绿', '奶白', '香蕉黄'],
  sport: ['曜石黑', '荧光绿', '活力橙', '冰川蓝', '岩石灰', '玫红'],
  outdoor: ['军绿', '沙漠卡其', '岩石灰', '曜石黑', '橙色', '湖蓝'],
  shade: ['01 正红', '02 豆沙', '03 枫叶棕', '04 蜜桃粉', '05 复古橘', '06 樱桃红'],
  foundation: ['00 象牙白', '01 自然色', '02 小麦色'],
  ink: ['黑色', '蓝色', '红色'],
} as const;

// ---------------------------------------------------------------------------------------
// spec dimensions

export interface DimValue {
  label: string;
  /** Price multiplier against the product's base price. */
  mul?: number;
  /** Yuan added to the base price (storage tiers, bigger sizes). */
  add?: number;
  /** Weight multiplier. */
  weight?: number;
  /** Set on colour values: the picture colour. */
  hex?: string;
}

export interface Dim {
  key: string;
  values: DimValue[];
  /** How many values a product offers, at least and at most. */
  count: [number, number];
  /** 'run': consecutive values (sizes, tiers); 'sample': any subset (colours, flavours). */
  mode: 'run' | 'sample';
  colour: boolean;
}

function colour(palette: keyof typeof PALETTES, min: number, max: number, key = '颜色'): Dim {
  return { key, values: PALETTES[palette].map((label) => ({ label, hex: COLOURS[label]! })), count: [min, max], mode: 'sample', colour: true };
}

type OptValue = string | [label: string, mul: number, weight?: number];
function opt(key: string, values: OptValue[], min: number, max: number, mode: 'run' | 'sample' = 'run'): Dim {
  return {
    key,
    values: values.map((v) => (typeof v === 'string' ? { label: v } : { label: v[0], mul: v[1], weight: v[2] ?? v[1] })),
    count: [min, max],
    mode,
    colour: false,
  };
}
function tiers(key: string, values: Array<[label: string, addYuan: number]>, min: number, max: number): Dim {
  return { key, values: values.map(([label, add]) => ({ label, add })), count: [min, max], mode: 'run', colour: false };
}

const ADULT_SIZES = opt('尺码', ['S', 'M', 'L', 'XL', 'XXL'], 3, 4);
const KIDS_SIZES = opt('尺码', ['90cm', '100cm', '110cm', '120cm', '130cm', '140cm'], 3, 5);
const SHOE_SIZES = opt('尺码', ['36', '37', '38', '39', '40', '41', '42', '43', '44'], 4, 6);

// ---------------------------------------------------------------------------------------
// the category tree

export type ParamDef = [name: string, values: string[]];

export interface LeafDef {
  name: string;
  nameEn: string;
  shape: Shape;
  /** Base price range in yuan (the cheapest SKU before spec adjustments). */
  price: [number, number];
  /** Base weight range in grams. */
  weight: [number, number];
  /** What the product is, for the title: "无线蓝牙降噪耳机". */
  items: string[];
  /** Selling points; two go into the title, three into the description. */
  points: string[];
  dims: Dim[];
  params?: ParamDef[];
  origins?: string[];
  /** Picture colours when no spec is a colour. */
  tints?: string[];
  bp?: number;
  /** Food and the like: no 7-day no-reason return. */
  noReturn?: boolean;
  /** Titles carry a model name ("X5 Pro"). */
  model?: boolean;
}

export interface MidDef {
  name: string;
  nameEn: string;
  bp?: number;
  leaves: LeafDef[];
}

export interface TopDef {
  name: string;
  nameEn: string;
  bp: number;
  origins: string[];
  params: ParamDef[];
  subtitles: string[];
  noReturn?: boolean;
  mids: MidDef[];
}

const WARRANTY_TECH: ParamDef[] = [['保修期', ['1年', '2年']], ['售后服务', ['全国联保', '官方质保']]];

export const CATEGORY_TREE: TopDef[] = [
  {
    name: '手机数码', nameEn: 'Phones & Digital', bp: 300,
    origins: ['广东深圳', '广东东莞', '江苏苏州', '浙江杭州'],
    params: WARRANTY_TECH,
    subtitles: ['官方正品 全国联保', '顺丰包邮 次日达', '以旧换新 享专属补贴', '新品首发 限时赠配件', '365天只换不修'],
    mids: [
      {
        name: '手机通讯', nameEn: 'Mobile Phones',
        leaves: [
          {
            name: '5G手机', nameEn: '5G Phones', shape: 'phone', price: [1299, 4999], weight: [180, 230], bp: 200, model: true,
            items: ['5G手机', '全网通5G智能手机', '影像旗舰手机', '轻薄5G手机'],
            points: ['6.7英寸OLED直屏', '5000mAh大电池', '120Hz高刷', '100W快充', '5000万像素主摄', 'IP68防水', '双卡双待', '旗舰芯片'],
            dims: [colour('tech', 1, 3), tiers('存储', [['8GB+128GB', 0], ['8GB+256GB', 300], ['12GB+256GB', 600], ['12GB+512GB', 1000], ['16GB+1TB', 1800]], 2, 4)],
            params: [['屏幕尺寸', ['6.5英寸', '6.7英寸', '6.8英寸']], ['电池容量', ['5000mAh', '5500mAh', '6000mAh']], ['网络制式', ['5G全网通']]],
          },
          {
            name: '手机壳膜', nameEn: 'Cases & Protectors', shape: 'phonecase', price: [19, 69], weight: [30, 60], bp: 700,
            items: ['液态硅胶手机壳', '磁吸透明手机壳', '全包防摔手机壳', '钢化膜 2片装'],
            points: ['全包防摔', '亲肤手感', '不发黄', '磁吸兼容', '高清透光', '防指纹'],
            dims: [colour('accessory', 2, 5)],
            params: [['材质', ['液态硅胶', 'TPU+PC', '钢化玻璃']]],
          },
          {
            name: '充电器线', nameEn: 'Chargers & Cables', shape: 'charger', price: [29, 129], weight: [50, 160], bp: 600,
            items: ['氮化镓快充充电器', 'Type-C 快充数据线', '磁吸无线充电器', '20000mAh移动电源'],
            points: ['65W快充', '多口输出', '小巧便携', '编织线身', '智能温控', '多协议兼容'],
            dims: [colour('accessory', 1, 2)],
            params: [['接口', ['Type-C', 'USB-A+Type-C']], ['输出功率', ['20W', '33W', '65W', '100W']]],
          },
        ],
      },
      {
        name: '影音娱乐', nameEn: 'Audio',
        leaves: [
          {
            name: '蓝牙耳机', nameEn: 'Wireless Earbuds', shape: 'earbuds', price: [99, 699], weight: [45, 60], model: true,
            items: ['真无线蓝牙耳机', '无线蓝牙降噪耳机', '运动蓝牙耳机', '开放式蓝牙耳机'],
            points: ['主动降噪', '长续航', '通透模式', '低延迟游戏模式', 'IPX5防水', '双设备连接', '空间音频'],
            dims: [colour('tech', 1, 3)],
            params: [['蓝牙版本', ['5.3', '5.4']], ['续航时间', ['总续航30小时', '总续航40小时']]],
          },
          {
            name: '头戴耳机', nameEn: 'Headphones', shape: 'headphones', price: [199, 1299], weight: [220, 320], model: true,
            items: ['头戴式降噪耳机', '头戴式蓝牙耳机', '电竞游戏耳机'],
            points: ['主动降噪', '60小时续航', '高解析音质', '蛋白皮耳罩', '可折叠收纳', '有线无线双模'],
            dims: [colour('tech', 1, 3)],
            params: [['佩戴方式', ['头戴式']], ['连接方式', ['蓝牙+3.5mm有线']]],
          },
          {
            name: '蓝牙音箱', nameEn: 'Speakers', shape: 'speaker', price: [129, 899], weight: [300, 1200],
            items: ['便携蓝牙音箱', '智能音箱', '户外防水音箱'],
            points: ['360°环绕音', '澎湃低音', 'IP67防水', '24小时续航', '双机串联', '语音助手'],
            dims: [colour('tech', 1, 3)],
            params: [['连接方式', ['蓝牙5.3', '蓝牙+Wi-Fi']]],
          },
        ],
      },
      {
        name: '智能设备', nameEn: 'Smart Wearables',
        leaves: [
          {
            name: '智能手表', nameEn: 'Smartwatches', shape: 'watch', price: [399, 1999], weight: [40, 60], model: true,
            items: ['智能手表', '运动智能手表', '商务智能手表'],
            points: ['血氧心率监测', '14天续航', 'AMOLED屏', '50米防水', '蓝牙通话', '100+运动模式'],
            dims: [colour('tech', 1, 3)],
            params: [['屏幕尺寸', ['1.43英寸', '1.5英寸']], ['防水等级', ['5ATM']]],
          },
          {
            name: '智能手环', nameEn: 'Fitness Bands', shape: 'band', price: [149, 399], weight: [25, 35], model: true,
            items: ['智能手环', '运动手环', 'NFC智能手环'],
            points: ['全天心率监测', '睡眠分析', '21天续航', '50米防水', '消息提醒', 'NFC刷卡'],
            dims: [colour('tech', 1, 4)],
            params: [['屏幕尺寸', ['1.62英寸', '1.74英寸']]],
          },
        ],
      },
    ],
  },
  {
    name: '电脑办公', nameEn: 'Computers & Office', bp: 350,
    origins: ['广东深圳', '江苏苏州', '上海', '浙江宁波'],
    params: [['保修期', ['1年', '2年', '3年']]],
    subtitles: ['官方正品 全国联保', '办公学习好帮手', '顺丰包邮 次日达', '企业采购可开专票'],
    mids: [
      {
        name: '电脑整机', nameEn: 'Computers',
        leaves: [
          {
            name: '笔记本电脑', nameEn: 'Laptops', shape: 'laptop', price: [3999, 7999], weight: [1200, 2100], bp: 200, model: true,
            items: ['轻薄笔记本电脑', '全能本笔记本电脑', '高性能游戏本'],
            points: ['14英寸2.8K屏', '16英寸高刷屏', '全金属机身', '长续航', '背光键盘', '1.3kg轻薄', '双风扇散热'],
            dims: [colour('tech', 1, 2), tiers('配置', [['16GB+512GB', 0], ['16GB+1TB', 500], ['32GB+1TB', 1500], ['32GB+2TB', 2500]], 1, 3)],
            params: [['屏幕尺寸', ['14英寸', '15.6英寸', '16英寸']], ['操作系统', ['预装正版操作系统']]],
          },
          {
            name: '平板电脑', nameEn: 'Tablets', shape: 'tablet', price: [1499, 3999], weight: [450, 650], bp: 250, model: true,
            items: ['平板电脑', '学习平板', '二合一平板电脑'],
            points: ['11英寸2.5K屏', '144Hz高刷', '四扬声器', '支持手写笔', '8600mAh大电池', '护眼认证'],
            dims: [colour('tech', 1, 3), tiers('存储', [['8GB+128GB', 0], ['8GB+256GB', 400], ['12GB+256GB', 800], ['12GB+512GB', 1400]], 2, 3)],
            params: [['屏幕尺寸', ['11英寸', '12.1英寸']]],
          },
        ],
      },
      {
        name: '电脑外设', nameEn: 'Peripherals',
        leaves: [
          {
            name: '键盘', nameEn: 'Keyboards', shape: 'keyboard', price: [99, 599], weight: [600, 1100],
            items: ['机械键盘', '无线蓝牙键盘', '静音办公键盘'],
            points: ['热插拔轴体', '三模连接', '背光灯效', 'PBT键帽', 'Gasket结构', '多设备切换'],
            dims: [colour('accessory', 1, 3)],
            params: [['连接方式', ['有线', '蓝牙+2.4G+有线']], ['按键数', ['87键', '98键', '104键']]],
          },
          {
            name: '鼠标', nameEn: 'Mice', shape: 'mouse', price: [59, 399], weight: [60, 120],
            items: ['无线鼠标', '静音办公鼠标', '游戏鼠标'],
            points: ['轻量化设计', '静音微动', '长续航', '26000DPI', '人体工学', '双模连接'],
            dims: [colour('accessory', 1, 4)],
            params: [['连接方式', ['2.4G无线', '蓝牙+2.4G', '有线']]],
          },
          {
            name: '显示器', nameEn: 'Monitors', shape: 'monitor', price: [699, 2999], weight: [3500, 6500], bp: 300, model: true,
            items: ['27英寸2K显示器', '24英寸办公显示器', '34英寸带鱼屏显示器', '27英寸4K显示器'],
            points: ['IPS面板', '165Hz高刷', '低蓝光护眼', '旋转升降支架', 'Type-C 65W反向充电', 'HDR400'],
            dims: [colour('tech', 1, 2)],
            params: [['面板类型', ['IPS', 'VA']], ['接口', ['HDMI+DP+Type-C']]],
          },
        ],
      },
      {
        name: '办公文具', nameEn: 'Stationery', bp: 600,
        leaves: [
          {
            name: '本册', nameEn: 'Notebooks', shape: 'notebook', price: [9.9, 39], weight: [150, 400],
            items: ['A5加厚笔记本', '活页本', '手账本套装', '牛皮纸笔记本'],
            points: ['100g道林纸', '不洇墨', '平摊设计', '加厚内页', '点阵方格可选'],
            dims: [colour('home', 2, 5)],
            params: [['规格', ['A5', 'B5']], ['页数', ['80张', '120张', '200页']]],
          },
          {
            name: '书写工具', nameEn: 'Pens', shape: 'pen', price: [9.9, 59], weight: [20, 100],
            items: ['按动中性笔 12支装', '速干中性笔 10支装', '钢笔礼盒'],
            points: ['0.5mm子弹头', '顺滑速干', '大容量笔芯', '握感舒适', '考试办公适用'],
            dims: [colour('ink', 1, 3)],
            params: [['笔尖规格', ['0.5mm', '0.38mm']]],
          },
          {
            name: '桌面收纳', nameEn: 'Desk Organizers', shape: 'crate', price: [19, 89], weight: [200, 800],
            items: ['桌面收纳盒', '多层文件架', '抽屉式收纳柜'],
            points: ['大容量', '多格分区', '可叠加', '环保材质', '简约百搭'],
            dims: [colour('home', 1, 4)],
            params: [['材质', ['PP塑料', 'ABS', '实木']]],
          },
        ],
      },
    ],
  },
  {
    name: '家用电器', nameEn: 'Home Appliances', bp: 400,
    origins: ['广东佛山', '广东中山', '浙江宁波', '浙江慈溪'],
    params: [['额定电压', ['220V~']], ['保修期', ['1年', '2年', '3年']]],
    subtitles: ['整机保修 上门服务', '国家补贴 以旧换新', '送货入户 免费安装咨询', '官方正品 全国联保'],
    mids: [
      {
        name: '厨房小电', nameEn: 'Kitchen Appliances',
        leaves: [
          {
            name: '电饭煲', nameEn: 'Rice Cookers', shape: 'cooker', price: [199, 699], weight: [2800, 4200], model: true,
            items: ['智能电饭煲', 'IH电饭煲', '迷你电饭煲'],
            points: ['IH电磁加热', '24小时预约', '不粘内胆', '一键柴火饭', '低糖饭功能', '大火力'],
            dims: [colour('appliance', 1, 2), tiers('容量', [['3L', 0], ['4L', 60], ['5L', 120]], 1, 3)],
            params: [['额定功率', ['860W', '1000W', '1200W']], ['内胆材质', ['陶晶内胆', '不锈钢内胆']]],
          },
          {
            name: '空气炸锅', nameEn: 'Air Fryers', shape: 'fryer', price: [199, 599], weight: [3500, 5200], model: true,
            items: ['可视空气炸锅', '无油空气炸锅', '双篮空气炸锅'],
            points: ['可视窗口', '360°热风循环', '一键菜单', '免翻面', '易清洗', '大容量'],
            dims: [colour('appliance', 1, 3), tiers('容量', [['4.5L', 0], ['5.5L', 50], ['6.5L', 100]], 1, 3)],
            params: [['额定功率', ['1350W', '1500W', '1700W']]],
          },
          {
            name: '破壁机', nameEn: 'Blenders', shape: 'blender', price: [299, 999], weight: [3800, 5500], model: true,
            items: ['静音破壁机', '加热破壁料理机', '便携榨汁杯'],
            points: ['降噪静音', '免滤豆浆', '智能预约', '自动清洗', '八叶刀头', '高速电机'],
            dims: [colour('appliance', 1, 3)],
            params: [['额定功率', ['800W', '1200W', '1500W']], ['杯体容量', ['1.2L', '1.75L']]],
          },
        ],
      },
      {
        name: '生活电器', nameEn: 'Home Comfort',
        leaves: [
          {
            name: '吸尘器', nameEn: 'Vacuum Cleaners', shape: 'vacuum', price: [599, 1999], weight: [1500, 2800], model: true,
            items: ['无线手持吸尘器', '洗地机', '除螨吸尘器'],
            points: ['大吸力', '60分钟续航', '多级过滤', '轻量化机身', 'LED显示屏', '一键倒尘'],
            dims: [colour('appliance', 1, 2)],
            params: [['吸力', ['18000Pa', '22000Pa', '25000Pa']], ['续航时间', ['45分钟', '60分钟']]],
          },
          {
            name: '电风扇', nameEn: 'Fans', shape: 'fan', price: [149, 499], weight: [2500, 4500], model: true,
            items: ['直流变频落地扇', '空气循环扇', '台式电风扇'],
            points: ['直流变频', '低噪运行', '遥控定时', '3D摇头', '12档风速', '节能省电'],
            dims: [colour('appliance', 1, 2)],
            params: [['额定功率', ['24W', '30W', '45W']]],
          },
          {
            name: '加湿器', nameEn: 'Humidifiers', shape: 'humidifier', price: [99, 399], weight: [800, 2000],
            items: ['上加水加湿器', '无雾加湿器', '桌面香薰加湿器'],
            points: ['上加水设计', '静音睡眠', '大容量水箱', '恒湿控制', '香薰盒'],
            dims: [colour('appliance', 1, 3)],
            params: [['水箱容量', ['3L', '4.5L', '6L']]],
          },
        ],
      },
      {
        name: '个护电器', nameEn: 'Personal Care Appliances',
        leaves: [
          {
            name: '电动牙刷', nameEn: 'Electric Toothbrushes', shape: 'toothbrush', price: [129, 499], weight: [120, 250],
            items: ['声波电动牙刷', '情侣电动牙刷套装', '儿童电动牙刷'],
            points: ['声波震动', '5种清洁模式', '智能压力提醒', '180天续航', 'IPX7防水', '2分钟定时'],
            dims: [colour('accessory', 1, 3)],
            params: [['充电方式', ['Type-C充电', '感应充电']]],
          },
          {
            name: '吹风机', nameEn: 'Hair Dryers', shape: 'hairdryer', price: [149, 899], weight: [400, 700], model: true,
            items: ['高速吹风机', '负离子吹风机', '折叠吹风机'],
            points: ['高速马达', '负离子护发', '恒温不伤发', '低噪', '可折叠', '3档温度'],
            dims: [colour('appliance', 1, 3)],
            params: [['额定功率', ['1400W', '1600W', '1800W']]],
          },
        ],
      },
    ],
  },
  {
    name: '服饰鞋包', nameEn: 'Apparel, Shoes & Bags', bp: 600,
    origins: ['浙江杭州', '广东广州', '福建晋江', '江苏常熟'],
    params: [['适用季节', ['春秋', '夏季', '四季通用']]],
    subtitles: ['新品上市 多色可选', '运费险 放心购', '支持7天无理由退换', '品质面料 舒适百搭', '尺码不合适包退换'],
    mids: [
      {
        name: '男装', nameEn: 'Menswear',
        leaves: [
          {
            name: 'T恤', nameEn: 'T-shirts', shape: 'tshirt', price: [49, 199], weight: [180, 260],
            items: ['纯棉圆领短袖T恤', '重磅宽松T恤', '速干运动T恤', '冰丝短袖T恤'],
            points: ['新疆长绒棉', '宽松版型', '不易变形', '透气吸汗', '多色可选', '重磅面料'],
            dims: [colour('apparel', 2, 3), ADULT_SIZES],
            params: [['材质', ['棉100%', '棉95% 氨纶5%', '锦纶88% 氨纶12%']], ['版型', ['宽松', '标准', '修身']]],
          },
          {
            name: '衬衫', nameEn: 'Shirts', shape: 'shirt', price: [99, 299], weight: [220, 320],
            items: ['免烫商务衬衫', '牛津纺休闲衬衫', '亚麻短袖衬衫'],
            points: ['免烫抗皱', '挺括有型', '透气舒适', '通勤百搭', '修身剪裁'],
            dims: [colour('apparel', 2, 3), ADULT_SIZES],
            params: [['材质', ['棉100%', '棉70% 聚酯纤维30%', '亚麻55% 棉45%']], ['领型', ['尖领', '立领', '扣领']]],
          },
          {
            name: '夹克外套', nameEn: 'Jackets', shape: 'jacket', price: [199, 699], weight: [450, 900],
            items: ['休闲夹克', '连帽防风外套', '立领棉服'],
            points: ['防风防泼水', '立体剪裁', '多口袋设计', '轻盈保暖', '商务休闲两穿'],
            dims: [colour('apparel', 2, 3), ADULT_SIZES],
            params: [['材质', ['聚酯纤维100%', '锦纶100%', '棉60% 聚酯纤维40%']], ['适用季节', ['春秋', '冬季']]],
          },
        ],
      },
      {
        name: '女装', nameEn: 'Womenswear',
        leaves: [
          {
            name: '连衣裙', nameEn: 'Dresses', shape: 'dress', price: [129, 459], weight: [200, 400],
            items: ['法式碎花连衣裙', '收腰气质连衣裙', '针织长款连衣裙'],
            points: ['收腰显瘦', '垂坠感面料', '法式复古', '通勤约会', '不易起皱'],
            dims: [colour('womens', 2, 3), opt('尺码', ['S', 'M', 'L', 'XL'], 3, 4)],
            params: [['材质', ['聚酯纤维100%', '醋酸纤维65% 聚酯纤维35%', '棉100%']], ['裙长', ['中长款', '长款']]],
          },
          {
            name: '针织衫', nameEn: 'Knitwear', shape: 'sweater', price: [99, 359], weight: [250, 450],
            items: ['圆领羊毛针织衫', '慵懒风开衫', 'V领打底针织衫'],
            points: ['柔软亲肤', '不扎不起球', '百搭打底', '保暖透气', '慵懒宽松'],
            dims: [colour('womens', 2, 3), opt('尺码', ['S', 'M', 'L', 'XL'], 3, 4)],
            params: [['材质', ['羊毛30% 粘纤70%', '棉80% 锦纶20%', '羊毛100%']], ['适用季节', ['秋冬', '春秋']]],
          },
          {
            name: '休闲裤', nameEn: 'Trousers', shape: 'pants', price: [99, 299], weight: [300, 500],
            items: ['高腰阔腿裤', '垂感西装裤', '直筒休闲裤'],
            points: ['高腰显腿长', '垂坠不易皱', '弹力舒适', '通勤百搭', '九分裤长'],
            dims: [colour('womens', 1, 3), opt('尺码', ['S', 'M', 'L', 'XL'], 3, 4)],
            params: [['材质', ['聚酯纤维90% 氨纶10%', '棉98% 氨纶2%']], ['裤长', ['九分裤', '长裤']]],
          },
        ],
      },
      {
        name: '鞋靴', nameEn: 'Shoes', bp: 500,
        leaves: [
          {
            name: '运动鞋', nameEn: 'Sneakers', shape: 'sneaker', price: [199, 799], weight: [600, 900],
            items: ['缓震跑步鞋', '轻便休闲运动鞋', '透气网面跑鞋'],
            points: ['轻量缓震', '透气网面', '防滑耐磨', '回弹中底', '稳定支撑'],
            dims: [colour('sport', 1, 2), SHOE_SIZES],
            params: [['鞋面材质', ['网布', '飞织', '超纤皮']], ['鞋底材质', ['橡胶', 'EVA+橡胶']]],
          },
          {
            name: '休闲鞋', nameEn: 'Casual Shoes', shape: 'sneaker', price: [159, 599], weight: [600, 950],
            items: ['百搭小白鞋', '帆布鞋', '乐福鞋'],
            points: ['头层牛皮', '软底舒适', '百搭造型', '防滑耐磨', '一脚蹬'],
            dims: [colour('apparel', 1, 2), SHOE_SIZES],
            params: [['鞋面材质', ['头层牛皮', '帆布', '超纤皮']]],
          },
        ],
      },
      {
        name: '箱包', nameEn: 'Bags & Luggage', bp: 700,
        leaves: [
          {
            name: '双肩包', nameEn: 'Backpacks', shape: 'backpack', price: [99, 399], weight: [500, 1000],
            items: ['通勤电脑双肩包', '大容量旅行背包', '轻便学生书包'],
            points: ['防泼水面料', '15.6英寸电脑仓', 'USB充电口', '减压背带', '大容量'],
            dims: [colour('apparel', 1, 4)],
            params: [['材质', ['牛津布', '尼龙', '聚酯纤维']], ['容量', ['20L', '25L', '35L']]],
          },
          {
            name: '行李箱', nameEn: 'Suitcases', shape: 'suitcase', price: [299, 999], weight: [2800, 4500],
            items: ['PC拉杆箱', '铝框行李箱', '登机箱'],
            points: ['万向静音轮', 'TSA海关锁', '铝框防爆', '耐压抗摔', '扩容设计'],
            dims: [colour('home', 1, 3), tiers('尺寸', [['20英寸', 0], ['24英寸', 100], ['28英寸', 200]], 2, 3)],
            params: [['材质', ['PC', '铝框+PC', 'ABS+PC']]],
          },
        ],
      },
    ],
  },
  {
    name: '美妆个护', nameEn: 'Beauty & Personal Care', bp: 600,
    origins: ['上海', '广东广州', '浙江湖州', '江苏苏州'],
    params: [['保质期', ['3年', '36个月']]],
    subtitles: ['官方正品 假一赔十', '买即赠小样', '敏感肌可用', '温和配方 无添加香精'],
    mids: [
      {
        name: '面部护肤', nameEn: 'Skincare',
        leaves: [
          {
            name: '面霜', nameEn: 'Face Creams', shape: 'jar', price: [99, 499], weight: [150, 260],
            items: ['保湿修护面霜', '紧致抗皱面霜', '清爽控油乳霜'],
            points: ['深层补水', '修护屏障', '清爽不油腻', '温和不刺激', '淡化细纹'],
            dims: [opt('规格', [['30g', 1, 1], ['50g', 1.5, 1.4]], 1, 2)],
            params: [['适用肤质', ['任何肤质', '干性肌肤', '敏感肌']]],
            tints: ['#f4d9d0', '#e8eef2', '#f2e6c9', '#dfe9dc'],
          },
          {
            name: '精华', nameEn: 'Serums', shape: 'dropper', price: [159, 699], weight: [100, 180],
            items: ['烟酰胺亮肤精华', '玻尿酸保湿精华', '修护精华液'],
            points: ['提亮肤色', '密集补水', '细腻毛孔', '温和配方', '快速吸收'],
            dims: [opt('规格', [['15ml', 0.6, 0.7], ['30ml', 1, 1], ['50ml', 1.5, 1.4]], 1, 3)],
            params: [['适用肤质', ['任何肤质', '混合性肌肤', '油性肌肤']]],
            tints: ['#c9a27e', '#e6cdb6', '#b9c9d6', '#d8c3de'],
          },
          {
            name: '洁面', nameEn: 'Cleansers', shape: 'tube', price: [39, 129], weight: [120, 200],
            items: ['氨基酸洁面乳', '温和洁面泡沫', '控油洗面奶'],
            points: ['氨基酸配方', '绵密泡沫', '洗后不紧绷', '温和清洁', '控油祛痘'],
            dims: [opt('规格', [['100g', 1, 1], ['150g', 1.4, 1.4]], 1, 2)],
            params: [['适用肤质', ['任何肤质', '油性肌肤', '敏感肌']]],
            tints: ['#cfe6e0', '#f2d6d6', '#dfe3f1', '#eae3d2'],
          },
        ],
      },
      {
        name: '彩妆', nameEn: 'Makeup', bp: 700,
        leaves: [
          {
            name: '口红', nameEn: 'Lipsticks', shape: 'lipstick', price: [89, 299], weight: [30, 50],
            items: ['丝绒哑光口红', '滋润唇膏', '镜面唇釉'],
            points: ['丝绒质地', '持久不拔干', '显白百搭', '不易沾杯', '细管便携'],
            dims: [colour('shade', 2, 6, '色号')],
            params: [['质地', ['哑光', '滋润', '镜面']]],
          },
          {
            name: '气垫粉底', nameEn: 'Cushion Foundations', shape: 'compact', price: [129, 399], weight: [60, 110],
            items: ['轻薄气垫BB霜', '持妆粉底液', '遮瑕气垫'],
            points: ['轻薄服帖', '持妆12小时', '遮瑕力强', '养肤成分', '控油不暗沉'],
            dims: [colour('foundation', 2, 3, '色号')],
            params: [['适用肤质', ['任何肤质', '混合性肌肤', '干性肌肤']]],
          },
        ],
      },
      {
        name: '洗护清洁', nameEn: 'Hair & Body', bp: 500,
        leaves: [
          {
            name: '洗发水', nameEn: 'Shampoo', shape: 'pump', price: [39, 129], weight: [450, 800],
            items: ['控油蓬松洗发水', '氨基酸洗发露', '去屑止痒洗发水'],
            points: ['控油蓬松', '温和氨基酸', '持久留香', '无硅油', '去屑止痒'],
            dims: [opt('规格', [['400ml', 1, 1], ['750ml', 1.6, 1.8], ['400ml×2', 1.8, 2]], 1, 3, 'sample')],
            params: [['适用发质', ['任何发质', '油性发质', '干性发质']]],
            tints: ['#9cc7b8', '#f1c9a5', '#b7c4e4', '#e7b7c8'],
          },
          {
            name: '沐浴露', nameEn: 'Body Wash', shape: 'pump', price: [29.9, 99], weight: [500, 1100],
            items: ['香氛沐浴露', '氨基酸沐浴乳', '清爽沐浴露'],
            points: ['持久留香', '温和洁净', '泡沫丰富', '滋润不干涩', '植物精萃'],
            dims: [opt('香型', ['白茶', '小苍兰', '樱花', '海盐'], 1, 3, 'sample'), opt('规格', [['500ml', 1, 1], ['1kg', 1.7, 2]], 1, 2)],
            params: [['适用人群', ['成人', '全家适用']]],
            tints: ['#f3d3dd', '#d8ecf0', '#f4e5c2', '#dbe8d1'],
          },
        ],
      },
    ],
  },
  {
    name: '食品生鲜', nameEn: 'Food & Fresh', bp: 500, noReturn: true,
    origins: ['浙江杭州', '福建厦门', '广东东莞', '上海'],
    params: [['储存方式', ['常温保存，避免阳光直射', '阴凉干燥处保存']], ['保质期', ['180天', '9个月', '12个月']]],
    subtitles: ['产地直发 新鲜到家', '满99元包邮', '坏果包赔 售后无忧', '日期新鲜 放心吃', '家庭囤货装更划算'],
    mids: [
      {
        name: '休闲零食', nameEn: 'Snacks',
        leaves: [
          {
            name: '坚果炒货', nameEn: 'Nuts', shape: 'pouch', price: [29.9, 89], weight: [280, 320],
            items: ['每日坚果', '碧根果', '夏威夷果', '混合坚果仁'],
            points: ['颗粒饱满', '独立小包', '酥脆香甜', '无添加', '当季新货'],
            dims: [opt('口味', ['原味', '盐焗', '奶油味', '蜂蜜黄油'], 1, 3, 'sample'), opt('规格', [['250g', 1], ['500g', 1.8], ['1kg', 3.4]], 1, 3)],
            origins: ['新疆', '云南', '浙江临安'],
            tints: ['#c98b4a', '#d9a86c', '#a8743f'],
          },
          {
            name: '饼干糕点', nameEn: 'Biscuits & Pastries', shape: 'box', price: [12.9, 49], weight: [250, 600],
            items: ['黄油曲奇礼盒', '苏打饼干', '手撕面包', '蛋黄酥'],
            points: ['黄油香浓', '酥松可口', '早餐代餐', '独立包装', '办公室零食'],
            dims: [opt('口味', ['原味', '海苔味', '芝士味', '抹茶味'], 1, 3, 'sample')],
            origins: ['广东东莞', '福建晋江', '上海'],
            tints: ['#e7b873', '#f0cf8e', '#b7d08f', '#e59a72'],
          },
          {
            name: '肉干肉脯', nameEn: 'Jerky', shape: 'pouch', price: [19.9, 79], weight: [200, 300],
            items: ['风干牛肉干', '手撕猪肉脯', '卤味鸭脖'],
            points: ['真材实料', '嚼劲十足', '独立小包', '香辣过瘾', '高蛋白'],
            dims: [opt('口味', ['原味', '香辣', '五香', '黑胡椒'], 1, 4, 'sample')],
            origins: ['内蒙古', '四川成都', '江苏靖江'],
            tints: ['#a0432b', '#c25b35', '#8a3a26'],
          },
        ],
      },
      {
        name: '茶饮冲调', nameEn: 'Tea & Coffee',
        leaves: [
          {
            name: '茶叶', nameEn: 'Tea', shape: 'tin', price: [59, 299], weight: [150, 250],
            items: ['明前龙井绿茶', '武夷岩茶大红袍', '云南普洱熟茶', '福鼎白茶'],
            points: ['新茶上市', '高山茶园', '口感醇厚', '礼盒装', '回甘持久'],
            dims: [opt('规格', [['100g', 1], ['250g', 2.2], ['500g', 4]], 1, 3)],
            params: [['保质期', ['18个月', '24个月']]],
            origins: ['浙江杭州', '福建武夷山', '云南普洱', '福建福鼎'],
            tints: ['#6f8f4e', '#8c5a3c', '#b89a5b', '#4f6e4a'],
          },
          {
            name: '咖啡', nameEn: 'Coffee', shape: 'pouch', price: [39, 129], weight: [250, 550],
            items: ['挂耳咖啡', '精品咖啡豆', '冻干速溶咖啡'],
            points: ['新鲜烘焙', '云南小粒', '风味饱满', '冷热皆宜', '0添加蔗糖'],
            dims: [opt('烘焙度', ['浅烘', '中烘', '深烘'], 1, 3, 'sample'), opt('规格', [['10包', 1], ['30包', 2.6]], 1, 2)],
            params: [['保质期', ['12个月', '18个月']]],
            origins: ['云南普洱', '云南保山'],
            tints: ['#5a3a2a', '#7a5037', '#3e2a20'],
          },
        ],
      },
      {
        name: '生鲜水果', nameEn: 'Fresh Fruit', bp: 300,
        leaves: [
          {
            name: '苹果', nameEn: 'Apples', shape: 'fruit', price: [29.9, 69], weight: [1600, 1700],
            items: ['红富士苹果', '冰糖心苹果', '高原丑苹果'],
            points: ['脆甜多汁', '产地直发', '单果75mm+', '现摘现发', '坏果包赔'],
            dims: [opt('规格', [['3斤装', 1], ['5斤装', 1.6], ['9斤装', 2.8]], 2, 3)],
            params: [['保质期', ['收货后建议7天内食用']], ['储存方式', ['冷藏保存更佳']]],
            origins: ['陕西洛川', '山东烟台', '新疆阿克苏'],
            tints: ['#d8343a', '#c4282e', '#e0503a'],
          },
          {
            name: '柑橘橙柚', nameEn: 'Citrus', shape: 'fruit', price: [24.9, 59], weight: [1600, 1700],
            items: ['赣南脐橙', '爱媛果冻橙', '沃柑', '琯溪蜜柚'],
            points: ['酸甜爆汁', '皮薄肉嫩', '当季鲜果', '产地直发', '坏果包赔'],
            dims: [opt('规格', [['3斤装', 1], ['5斤装', 1.6], ['9斤装', 2.8]], 2, 3)],
            params: [['保质期', ['收货后建议10天内食用']], ['储存方式', ['阴凉通风处保存']]],
            origins: ['江西赣州', '四川眉山', '广西南宁', '福建平和'],
            tints: ['#f39a1e', '#f5a623', '#eb8c1c'],
          },
        ],
      },
      {
        name: '粮油调味', nameEn: 'Staples', bp: 300,
        leaves: [
          {
            name: '大米', nameEn: 'Rice', shape: 'sack', price: [39.9, 99], weight: [5000, 5100],
            items: ['东北长粒香大米', '稻花香大米', '丝苗米'],
            points: ['当季新米', '粒粒饱满', '软糯香甜', '真空包装', '产地直采'],
            dims: [opt('规格', [['5kg', 1], ['10kg', 1.9]], 1, 2)],
            params: [['保质期', ['12个月']]],
            origins: ['黑龙江五常', '吉林舒兰', '广东增城'],
            tints: ['#e9dcc0', '#d9c79e', '#c9b27e'],
          },
          {
            name: '食用油', nameEn: 'Cooking Oil', shape: 'oil', price: [49.9, 129], weight: [1700, 1800],
            items: ['压榨花生油', '非转基因菜籽油', '山茶油'],
            points: ['物理压榨', '非转基因', '浓香醇正', '高油酸', '家庭装'],
            dims: [opt('规格', [['1.8L', 1], ['5L', 2.4]], 1, 2)],
            params: [['保质期', ['18个月']]],
            origins: ['山东', '湖南', '江西'],
            tints: ['#e8b923', '#d9a21b', '#c9a23a'],
          },
        ],
      },
    ],
  },
  {
    name: '家居家装', nameEn: 'Home & Living', bp: 500,
    origins: ['浙江金华', '广东佛山', '江苏南通', '浙江义乌'],
    params: [],
    subtitles: ['简约设计 品质生活', '满2件9折', '运费险 放心购', '环保材质 安心使用'],
    mids: [
      {
        name: '床上用品', nameEn: 'Bedding',
        leaves: [
          {
            name: '四件套', nameEn: 'Bedding Sets', shape: 'bedding', price: [199, 699], weight: [2000, 2800],
            items: ['纯棉床上四件套', '水洗棉四件套', '60支长绒棉四件套'],
            points: ['A类母婴级', '亲肤透气', '不起球不褪色', '简约纯色', '四季通用'],
            dims: [colour('home', 1, 3), tiers('尺寸', [['1.5m床', 0], ['1.8m床', 60], ['2.0m床', 120]], 2, 3)],
            params: [['材质', ['棉100%', '水洗棉', '长绒棉']], ['件数', ['4件套']]],
            origins: ['江苏南通', '浙江绍兴'],
          },
          {
            name: '枕头', nameEn: 'Pillows', shape: 'pillow', price: [59, 299], weight: [800, 1200],
            items: ['记忆棉护颈枕', '乳胶枕', '羽丝绒枕芯'],
            points: ['慢回弹', '护颈支撑', '透气不闷热', '可水洗', '抑菌防螨'],
            dims: [opt('规格', [['单只装', 1], ['一对装', 1.8]], 1, 2)],
            params: [['材质', ['记忆棉', '天然乳胶', '羽丝绒']]],
            tints: ['#e9e4da', '#dfe7ec', '#eadfe1'],
          },
          {
            name: '毛巾浴巾', nameEn: 'Towels', shape: 'towel', price: [29.9, 129], weight: [300, 700],
            items: ['纯棉毛巾 3条装', 'A类纯棉浴巾', '速干毛巾浴巾套装'],
            points: ['吸水速干', '柔软亲肤', '不掉毛', 'A类标准', '加厚加大'],
            dims: [colour('home', 2, 4)],
            params: [['材质', ['棉100%', '长绒棉']]],
          },
        ],
      },
      {
        name: '厨具餐具', nameEn: 'Cookware',
        leaves: [
          {
            name: '炒锅', nameEn: 'Woks', shape: 'wok', price: [129, 499], weight: [1400, 2200],
            items: ['不粘炒锅', '铸铁炒锅', '精铁炒锅'],
            points: ['少油烟', '不粘涂层', '燃气电磁炉通用', '加厚锅底', '轻量化'],
            dims: [tiers('尺寸', [['30cm', 0], ['32cm', 20], ['34cm', 40]], 1, 3)],
            params: [['材质', ['铝合金+不粘涂层', '铸铁', '精铁']]],
            tints: ['#3b3d42', '#5a4a3f', '#2f3a44'],
          },
          {
            name: '保温杯', nameEn: 'Vacuum Flasks', shape: 'thermos', price: [59, 199], weight: [250, 450],
            items: ['316不锈钢保温杯', '大容量保温壶', '便携咖啡杯'],
            points: ['12小时保温', '316不锈钢', '一键开盖', '防漏设计', '轻便'],
            dims: [colour('home', 1, 3), tiers('容量', [['350ml', 0], ['500ml', 20], ['750ml', 40]], 1, 3)],
            params: [['材质', ['316不锈钢', '304不锈钢']]],
          },
          {
            name: '刀具', nameEn: 'Knives', shape: 'knife', price: [59, 399], weight: [250, 1200],
            items: ['家用菜刀', '厨房刀具套装', '大马士革纹主厨刀'],
            points: ['锋利耐用', '一体成型', '防滑手柄', '不易生锈', '锻打工艺'],
            dims: [opt('规格', [['单刀', 1, 1], ['三件套', 2, 2.2], ['五件套', 3, 3.4]], 1, 3)],
            params: [['材质', ['5Cr15MoV不锈钢', '高碳钢']]],
            tints: ['#9aa3ad', '#6d7680', '#b7bec6'],
          },
        ],
      },
      {
        name: '收纳日用', nameEn: 'Storage & Daily Use', bp: 600,
        leaves: [
          {
            name: '收纳箱', nameEn: 'Storage Boxes', shape: 'crate', price: [29.9, 119], weight: [600, 1500],
            items: ['衣物收纳箱', '可折叠收纳箱', '透明抽屉收纳盒'],
            points: ['大容量', '可叠加', '防尘防潮', '带滑轮', '折叠省空间'],
            dims: [colour('home', 1, 3), opt('规格', [['中号', 1, 1], ['大号', 1.4, 1.5]], 1, 2)],
            params: [['材质', ['PP塑料', '牛津布', '亚克力']]],
          },
          {
            name: '香薰蜡烛', nameEn: 'Scented Candles', shape: 'candle', price: [49, 159], weight: [250, 400],
            items: ['香薰蜡烛礼盒', '大豆蜡香薰蜡烛', '无火香薰'],
            points: ['天然大豆蜡', '燃烧40小时', '助眠放松', '伴手礼', '清新香氛'],
            dims: [opt('香型', ['白茶', '雪松', '无花果', '海盐鼠尾草'], 1, 4, 'sample')],
            params: [['材质', ['大豆蜡', '椰子蜡']]],
            tints: ['#efe3cf', '#d7e2d3', '#e8d0cf', '#d9d7ea'],
          },
        ],
      },
    ],
  },
  {
    name: '母婴玩具', nameEn: 'Baby, Kids & Toys', bp: 500,
    origins: ['浙江宁波', '广东汕头', '福建泉州', '江苏常州'],
    params: [],
    subtitles: ['安全材质 放心给宝宝', '品牌直供 正品保障', '满199减20', '新手爸妈必备'],
    mids: [
      {
        name: '尿裤湿巾', nameEn: 'Diapers & Wipes',
        leaves: [
          {
            name: '纸尿裤', nameEn: 'Diapers', shape: 'box', price: [89, 189], weight: [1800, 2400],
            items: ['超薄纸尿裤', '拉拉裤', '夜用纸尿裤'],
            points: ['3D透气', '超薄干爽', '12小时防漏', '柔软亲肤', '弱酸性'],
            dims: [opt('尺码', ['NB', 'S', 'M', 'L', 'XL', 'XXL'], 3, 5)],
            params: [['适用体重', ['按尺码选择']], ['执行标准', ['GB/T 28004']]],
            tints: ['#a7d3f2', '#f6c9d7', '#bfe3c8'],
          },
          {
            name: '婴儿湿巾', nameEn: 'Baby Wipes', shape: 'pouch', price: [19.9, 49], weight: [500, 600],
            items: ['婴儿手口湿巾', '加厚珍珠纹湿巾', '棉柔巾'],
            points: ['EDI纯水', '加厚大片', '无酒精无香精', '手口可用', '带盖设计'],
            dims: [opt('规格', [['80抽×3包', 1], ['80抽×6包', 1.8], ['80抽×12包', 3.3]], 1, 3)],
            params: [['执行标准', ['GB/T 27728']]],
            tints: ['#cfe8f6', '#f8dbe4', '#e0f0d8'],
          },
        ],
      },
      {
        name: '营养辅食', nameEn: 'Baby Food',
        leaves: [
          {
            name: '婴儿米粉', nameEn: 'Rice Cereal', shape: 'tin', price: [39, 99], weight: [250, 500], noReturn: true,
            items: ['高铁婴儿米粉', '有机营养米粉', '果蔬米粉'],
            points: ['强化铁锌钙', '有机原料', '易冲调', '细腻顺滑', '无添加白砂糖'],
            dims: [opt('口味', ['原味', '南瓜味', '胡萝卜味', '淮山味'], 1, 4, 'sample')],
            params: [['适用年龄', ['6个月以上']], ['保质期', ['18个月']], ['储存方式', ['开罐后请于30天内食用']]],
            tints: ['#f3c56b', '#f2a35e', '#e8d9a8'],
          },
        ],
      },
      {
        name: '玩具', nameEn: 'Toys', bp: 600,
        leaves: [
          {
            name: '积木拼插', nameEn: 'Building Blocks', shape: 'blocks', price: [59, 399], weight: [500, 1500],
            items: ['城市工程积木', '大颗粒积木桶', '机械拼装积木'],
            points: ['ABS环保材质', '兼容主流颗粒', '锻炼动手能力', '图纸详细', '收纳桶装'],
            dims: [opt('规格', [['120颗粒', 1, 1], ['300颗粒', 1.8, 2], ['600颗粒', 2.9, 3.5]], 1, 3)],
            params: [['适用年龄', ['3岁以上', '6岁以上']], ['执行标准', ['GB 6675']]],
            tints: ['#e94b3c', '#2f80ed', '#f2c94c', '#27ae60'],
          },
          {
            name: '毛绒玩具', nameEn: 'Plush Toys', shape: 'teddy', price: [39, 199], weight: [200, 600],
            items: ['小熊毛绒公仔', '安抚玩偶', '抱枕公仔'],
            points: ['PP棉填充', '柔软亲肤', '可机洗', '送礼佳品', '高颜值'],
            dims: [colour('kids', 1, 3), tiers('尺寸', [['30cm', 0], ['45cm', 30], ['60cm', 70]], 1, 3)],
            params: [['适用年龄', ['3岁以上']], ['执行标准', ['GB 6675']]],
          },
        ],
      },
      {
        name: '童装', nameEn: 'Kidswear',
        leaves: [
          {
            name: '儿童T恤', nameEn: 'Kids T-shirts', shape: 'tshirt', price: [39, 129], weight: [120, 180],
            items: ['儿童纯棉短袖T恤', '男童卡通T恤', '女童休闲T恤'],
            points: ['A类纯棉', '柔软透气', '印花不掉色', '宽松舒适', '亲子同款'],
            dims: [colour('kids', 2, 3), KIDS_SIZES],
            params: [['材质', ['棉100%']], ['安全技术类别', ['A类']]],
          },
        ],
      },
    ],
  },
  {
    name: '运动户外', nameEn: 'Sports & Outdoors', bp: 500,
    origins: ['福建晋江', '浙江宁波', '江苏南通', '河北定州'],
    params: [],
    subtitles: ['专业装备 畅享运动', '轻量耐用 户外必备', '顺丰包邮', '运费险 放心购'],
    mids: [
      {
        name: '运动服饰', nameEn: 'Sportswear',
        leaves: [
          {
            name: '运动裤', nameEn: 'Track Pants', shape: 'pants', price: [99, 299], weight: [250, 400],
            items: ['速干运动裤', '束脚卫裤', '跑步紧身裤'],
            points: ['速干透气', '弹力修身', '侧袋拉链', '反光设计', '四向弹力'],
            dims: [colour('sport', 1, 3), ADULT_SIZES],
            params: [['材质', ['聚酯纤维88% 氨纶12%', '棉80% 聚酯纤维20%']], ['适用场景', ['跑步', '健身', '日常']]],
          },
          {
            name: '运动外套', nameEn: 'Training Jackets', shape: 'jacket', price: [159, 499], weight: [350, 600],
            items: ['防风运动外套', '连帽训练夹克', '轻薄皮肤衣'],
            points: ['防风防泼水', 'UPF50+防晒', '轻薄可收纳', '透气网眼', '反光条设计'],
            dims: [colour('sport', 1, 3), ADULT_SIZES],
            params: [['材质', ['锦纶100%', '聚酯纤维100%']], ['适用场景', ['跑步', '骑行', '户外']]],
          },
        ],
      },
      {
        name: '健身器材', nameEn: 'Fitness',
        leaves: [
          {
            name: '瑜伽垫', nameEn: 'Yoga Mats', shape: 'yogamat', price: [59, 199], weight: [900, 1600],
            items: ['TPE瑜伽垫', '天然橡胶瑜伽垫', '加宽健身垫'],
            points: ['双面防滑', '体位线设计', '回弹缓震', '无异味', '送收纳绑带'],
            dims: [colour('sport', 1, 3), tiers('厚度', [['6mm', 0], ['8mm', 10], ['10mm', 20]], 1, 3)],
            params: [['材质', ['TPE', '天然橡胶', 'NBR']], ['尺寸', ['183×61cm', '185×80cm']]],
          },
          {
            name: '哑铃', nameEn: 'Dumbbells', shape: 'dumbbell', price: [59, 299], weight: [5000, 5200],
            items: ['包胶哑铃', '可调节哑铃', '六角哑铃'],
            points: ['环保包胶', '防滑手柄', '不伤地板', '快速调节', '家用健身'],
            dims: [opt('规格', [['5kg×2', 1, 2], ['10kg×2', 1.8, 4], ['15kg×2', 2.6, 6], ['20kg×2', 3.4, 8]], 2, 4)],
            params: [['材质', ['铸铁包胶', '钢制电镀']], ['适用场景', ['居家', '健身房']]],
            tints: ['#34373d', '#4a4f57', '#6b2e2e'],
          },
        ],
      },
      {
        name: '户外装备', nameEn: 'Outdoor Gear',
        leaves: [
          {
            name: '帐篷', nameEn: 'Tents', shape: 'tent', price: [199, 899], weight: [2500, 4500],
            items: ['全自动速开帐篷', '双层防雨露营帐篷', '户外天幕帐篷'],
            points: ['一秒速开', '双层防雨', '通风透气', '防晒涂层', '便携收纳'],
            dims: [colour('outdoor', 1, 3), tiers('规格', [['2人', 0], ['3-4人', 100], ['5-8人', 260]], 1, 3)],
            params: [['材质', ['190T涤纶', '210D牛津布']], ['适用场景', ['露营', '野餐', '沙滩']]],
          },
          {
            name: '登山包', nameEn: 'Hiking Backpacks', shape: 'backpack', price: [199, 599], weight: [1100, 1600],
            items: ['户外登山包', '轻量徒步背包', '防水骑行包'],
            points: ['背负透气', '防泼水面料', '多仓分区', '送防雨罩', '轻量化'],
            dims: [colour('outdoor', 1, 3), tiers('容量', [['30L', 0], ['45L', 60], ['60L', 120]], 1, 3)],
            params: [['材质', ['尼龙', '涤纶牛津布']], ['适用场景', ['徒步', '登山', '旅行']]],
          },
        ],
      },
      {
        name: '球类运动', nameEn: 'Ball Sports',
        leaves: [
          {
            name: '篮球', nameEn: 'Basketballs', shape: 'ball', price: [99, 299], weight: [580, 620],
            items: ['室内外通用篮球', '比赛用篮球', '青少年篮球'],
            points: ['吸湿耐磨', '手感细腻', '室内外通用', '弹性稳定', '送打气筒'],
            dims: [opt('规格', ['7号球（标准）', '6号球', '5号球'], 1, 3)],
            params: [['材质', ['PU', '超纤']], ['适用场景', ['室内', '室外', '室内外通用']]],
            tints: ['#e0712b', '#d9621f', '#c95a23'],
          },
        ],
      },
    ],
  },
  {
    name: '宠物生活', nameEn: 'Pets', bp: 600,
    origins: ['山东临沂', '河北邢台', '江苏南通', '浙江杭州'],
    params: [],
    subtitles: ['科学配方 毛孩子爱吃', '满99元包邮', '新客专享试吃装', '宠物医生推荐'],
    mids: [
      {
        name: '宠物主粮', nameEn: 'Pet Food', bp: 500,
        leaves: [
          {
            name: '猫粮', nameEn: 'Cat Food', shape: 'sack', price: [49, 199], weight: [1500, 1600], noReturn: true,
            items: ['全价成猫粮', '无谷幼猫粮', '冻干双拼猫粮'],
            points: ['高蛋白', '无谷配方', '添加冻干', '美毛护肤', '易消化'],
            dims: [opt('口味', ['鸡肉味', '三文鱼味', '鸭肉梨味'], 1, 2, 'sample'), opt('规格', [['1.5kg', 1], ['5kg', 2.8]], 1, 2)],
            params: [['适用对象', ['全阶段猫', '成猫', '幼猫']], ['保质期', ['18个月']], ['储存方式', ['开袋后密封保存']]],
            tints: ['#f2a65a', '#7fb3d5', '#e38b8b'],
          },
          {
            name: '狗粮', nameEn: 'Dog Food', shape: 'sack', price: [59, 229], weight: [2000, 2100], noReturn: true,
            items: ['全价成犬粮', '小型犬专用狗粮', '幼犬奶糕'],
            points: ['高肉含量', '护关节配方', '亮毛护肤', '颗粒适口', '低敏配方'],
            dims: [opt('口味', ['牛肉味', '鸡肉味', '羊肉味'], 1, 2, 'sample'), opt('规格', [['2kg', 1], ['10kg', 4.2]], 1, 2)],
            params: [['适用对象', ['全犬种', '小型犬', '幼犬']], ['保质期', ['18个月']], ['储存方式', ['开袋后密封保存']]],
            tints: ['#c77d3a', '#8fbf7f', '#d9a441'],
          },
        ],
      },
      {
        name: '宠物用品', nameEn: 'Pet Supplies',
        leaves: [
          {
            name: '宠物窝垫', nameEn: 'Pet Beds', shape: 'petbed', price: [59, 259], weight: [600, 1500],
            items: ['四季通用宠物窝', '深度睡眠猫窝', '可拆洗狗窝'],
            points: ['可拆洗', '加厚底部', '四季通用', '防滑底', '柔软亲肤'],
            dims: [colour('home', 1, 3), tiers('尺寸', [['S', 0], ['M', 30], ['L', 60]], 2, 3)],
            params: [['材质', ['水晶绒+PP棉', '短毛绒']]],
          },
          {
            name: '宠物食具', nameEn: 'Pet Bowls', shape: 'bowl', price: [29.9, 129], weight: [300, 900],
            items: ['陶瓷宠物碗', '不锈钢双碗', '自动饮水机'],
            points: ['护颈高脚', '防打翻', '易清洗', '食品级材质', '静音循环'],
            dims: [colour('kids', 1, 3)],
            params: [['材质', ['陶瓷', '304不锈钢', 'PP+不锈钢']]],
          },
        ],
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------
// brands: fictional. `cats` are category code prefixes ("01" a top category, "010201" a leaf).

export interface BrandDef {
  name: string;
  nameEn: string;
  cats: string[];
  /** Shown on logo images. */
  hex: string;
}

export const BRANDS: BrandDef[] = [
  { name: '青禾', nameEn: 'Qinghe', cats: ['01', '0201', '020201', '020202'], hex: '#3f8f6b' },
  { name: '星跃', nameEn: 'Xingyue', cats: ['0101', '0103', '0201'], hex: '#3b5b9a' },
  { name: '听澜', nameEn: 'Tinglan', cats: ['0102'], hex: '#2f6f8f' },
  { name: '简墨', nameEn: 'Jianmo', cats: ['0202', '010103'], hex: '#2a2b30' },
  { name: '拾光', nameEn: 'Shiguang', cats: ['0203'], hex: '#b06a3b' },
  { name: '厨语', nameEn: 'Chuyu', cats: ['0301', '070201'], hex: '#c2553a' },
  { name: '风禾', nameEn: 'Fenghe', cats: ['0302', '0303'], hex: '#4e8fa8' },
  { name: '棉语', nameEn: 'Mianyu', cats: ['0401', '0402', '080401', '070103'], hex: '#7a6a58' },
  { name: '森屿', nameEn: 'Senyu', cats: ['0402'], hex: '#5f7a5c' },
  { name: '步野', nameEn: 'Buye', cats: ['0403', '0404', '0901'], hex: '#d0622f' },
  { name: '初露', nameEn: 'Chulu', cats: ['0501', '0503'], hex: '#c98a9b' },
  { name: '绯色', nameEn: 'Feise', cats: ['0502'], hex: '#b0263d' },
  { name: '山间', nameEn: 'Shanjian', cats: ['0601', '0603'], hex: '#8a5a2b' },
  { name: '云岫', nameEn: 'Yunxiu', cats: ['060201'], hex: '#4f6e4a' },
  { name: '焙光', nameEn: 'Beiguang', cats: ['060202'], hex: '#5a3a2a' },
  { name: '谷丰', nameEn: 'Gufeng', cats: ['0604', '0603'], hex: '#b8902f' },
  { name: '暖居', nameEn: 'Nuanju', cats: ['0701', '0703'], hex: '#b98b6e' },
  { name: '木槿', nameEn: 'Mujin', cats: ['0701', '0702'], hex: '#8b6d9c' },
  { name: '萌芽', nameEn: 'Mengya', cats: ['0801', '0802', '0804'], hex: '#6fb58a' },
  { name: '小木匠', nameEn: 'Little Carpenter', cats: ['0803'], hex: '#d9892b' },
  { name: '山野', nameEn: 'Shanye', cats: ['0903', '0902', '0901'], hex: '#4d6b3c' },
  { name: '跃动', nameEn: 'Yuedong', cats: ['0901', '0902', '0904', '040301'], hex: '#e0463a' },
  { name: '阿福', nameEn: 'Afu Pet', cats: ['10'], hex: '#e0a23a' },
  { name: '集市优选', nameEn: 'Jishi Select', cats: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'], hex: '#e4393c' },
];

// ---------------------------------------------------------------------------------------
// shops and accounts

export interface ShopDef {
  id: string;
  name: string;
  kind: ShopKind;
  intro: string;
  /** Brand names the shop sells. `null`: every brand (the self-operated shop). */
  brands: string[] | null;
  /** Latin name for the logo picture. */
  logoText: string;
  hex: string;
  /** Relative share of the products whose category it can sell. */
  weight: number;
  owner: { mobile: string; displayName: string };
}

export const SHOPS: ShopDef[] = [
  {
    id: 'shp_demo_self', name: '集市自营', kind: 'self_operated', brands: null, logoText: 'JS', hex: '#e4393c', weight: 0.8,
    intro: '集市平台自营店铺，精选全品类好物，平台直采直发，正品保障，售后无忧。',
    owner: { mobile: '13900000000', displayName: '自营店长' },
  },
  {
    id: 'shp_demo_01', name: '青禾官方旗舰店', kind: 'flagship', brands: ['青禾'], logoText: 'QH', hex: '#3f8f6b', weight: 2,
    intro: '青禾品牌官方旗舰店，专注手机、耳机与智能穿戴，新品首发，官方质保。',
    owner: { mobile: '13900000001', displayName: '林青禾' },
  },
  {
    id: 'shp_demo_02', name: '初露美妆旗舰店', kind: 'flagship', brands: ['初露'], logoText: 'CL', hex: '#c98a9b', weight: 2,
    intro: '初露护肤官方旗舰店，温和配方，敏感肌友好，每一瓶都经过严格的肤感测试。',
    owner: { mobile: '13900000002', displayName: '苏晓露' },
  },
  {
    id: 'shp_demo_03', name: '云栖数码专营店', kind: 'specialty', brands: ['星跃', '听澜', '简墨', '拾光'], logoText: 'YQ', hex: '#3b5b9a', weight: 1.5,
    intro: '多品牌数码与办公外设专营，品牌授权，价格透明，支持企业采购与开具发票。',
    owner: { mobile: '13900000003', displayName: '周云栖' },
  },
  {
    id: 'shp_demo_04', name: '暖居家居专营店', kind: 'specialty', brands: ['暖居', '木槿', '厨语', '风禾'], logoText: 'NJ', hex: '#b98b6e', weight: 1.5,
    intro: '为小家挑选温暖耐用的好物：床品、厨具、收纳与生活小电，简约设计，品质生活。',
    owner: { mobile: '13900000004', displayName: '许暖暖' },
  },
  {
    id: 'shp_demo_05', name: '山野户外专卖店', kind: 'franchise', brands: ['山野'], logoText: 'SY', hex: '#4d6b3c', weight: 2,
    intro: '山野品牌授权专卖店，露营、徒步、健身装备一站配齐，陪你走向山野。',
    owner: { mobile: '13900000005', displayName: '何远山' },
  },
  {
    id: 'shp_demo_06', name: '棉语服饰专卖店', kind: 'franchise', brands: ['棉语'], logoText: 'MY', hex: '#7a6a58', weight: 2,
    intro: '棉语品牌授权专卖店，优选天然面料，舒适百搭的日常衣着，支持尺码退换。',
    owner: { mobile: '13900000006', displayName: '沈知棉' },
  },
  {
    id: 'shp_demo_07', name: '小满零食铺', kind: 'individual', brands: ['山间', '云岫', '焙光', '谷丰'], logoText: 'XM', hex: '#d9892b', weight: 1.5,
    intro: '一家小而美的零食铺子，坚果、好茶、咖啡与产地直发的粮油，日期新鲜，用心打包。',
    owner: { mobile: '13900000007', displayName: '陈小满' },
  },
  {
    id: 'shp_demo_08', name: '阿福宠物小店', kind: 'individual', brands: ['阿福'], logoText: 'AF', hex: '#e0a23a', weight: 2,
    intro: '养宠八年的店主精选主粮与用品，只卖自家毛孩子也在用的东西。',
    owner: { mobile: '13900000008', displayName: '阿福' },
  },
  {
    id: 'shp_demo_09', name: '萌芽母婴专营店', kind: 'specialty', brands: ['萌芽', '小木匠'], logoText: 'MB', hex: '#6fb58a', weight: 1.5,
    intro: '母婴与玩具专营：纸尿裤、辅食、童装与益智玩具，安全材质，品牌直供。',
    owner: { mobile: '13900000009', displayName: '吴萌萌' },
  },
];

export const DEMO_PASSWORD = 'Jishi@2026';

export const ADMIN = { id: 'usr_demo_admin', mobile: '13800000000', displayName: '平台管理员' };

export const SHOPPERS = [
  { id: 'usr_demo_shopper_1', mobile: '13700000001', displayName: '张晓雨' },
  { id: 'usr_demo_shopper_2', mobile: '13700000002', displayName: '李明轩' },
  { id: 'usr_demo_shopper_3', mobile: '13700000003', displayName: '王若溪' },
  { id: 'usr_demo_shopper_4', mobile: '13700000004', displayName: '赵一鸣' },
];

export function ownerUserId(shopId: string): string {
  return `usr_demo_owner_${shopId.replace(/^shp_demo_/, '')}`;
}
