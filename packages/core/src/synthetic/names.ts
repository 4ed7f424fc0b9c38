/**
 * Names for synthetic persons: surnames drawn from a frequency table, given names from character lists by
 * sex and birth period, pinyin by `toNamePinyin` (memoised per full name).
 *
 * Surname counts (thousands of persons): the National Citizen Identity Information Center's counts of the
 * Han population born 1930–2008 and alive in 2008 (1.18 billion), as published in Bao H.-W.-S. (2021),
 * ChineseNames: Chinese Name Database 1930–2008, data-csv/familyname.csv, column n.1930_2008; the 147 most
 * common surnames (the top 100 cover 86.4 %, against 85.9 % for the 2019 "百家姓" in the Ministry of Public
 * Security's 2019 name report). Order 王 李 张 刘 陈 杨 黄 赵 吴 周 as in the Ministry's 2018 and 2019 reports.
 * 陈 is Zhejiang's most common surname (Ministry of Public Security, 二〇一九年全国姓名报告); local persons of a
 * Zhejiang region draw 陈 1.8 times as often (ASSUMPTION: a factor that makes it first, no published share).
 *
 * Given-name characters are hand-picked common characters per sex and period (ASSUMPTION, no frequency table
 * is copied); the 2010s lists include the ten most common names of boys and girls registered in 2018
 * (Ministry of Public Security, 2018 national name report: 浩宇 浩然 宇轩 宇航 宇泽 梓豪 子轩 浩轩 宇辰 子豪;
 * 梓涵 一诺 欣怡 诗涵 依诺 欣妍 雨桐 梓萱 可馨 佳怡).
 */
import { toNamePinyin, toPinyin } from '../names/pinyin';
import { cumulative, type Rng } from './prng';

const SURNAME_TABLE =
  '王88466 李87097 张83109 刘62697 陈53825 杨39810 黄27751 赵24950 吴23622 周23193 徐17693 孙17200 朱15611 马15454 胡14222 郭13590 何12688 高12324 罗11654 林11610 郑10776 梁9914 谢8824 宋8649 唐8449 韩7593 许7567 冯7492 邓7374 曹7325 彭6972 曾6680 肖6444 田6415 董6305 袁6154 于6078 潘6045 蒋5829 杜5737 蔡5733 余5680 程5550 魏5483 叶5447 吕5340 丁5334 苏5311 任5122 沈5013 姚4934 姜4897 卢4807 崔4758 钟4662 谭4487 汪4472 范4442 陆4389 金4357 石4183 廖4116 贾4094 夏3939 付3871 方3743 韦3699 邹3617 白3588 熊3564 孟3540 秦3523 邱3254 尹3198 江3179 薛3147 闫3077 侯3053 段2977 雷2917 史2632 龙2630 陶2601 顾2547 贺2539 黎2503 郝2475 毛2459 邵2434 龚2433 万2370 钱2284 武2241 严2241 戴2204 孔2128 向2111 覃2069 常2057 汤2052 莫1988 康1936 文1900 温1895 牛1883 代1882 赖1874 洪1831 葛1802 施1797 邢1768 安1731 樊1667 齐1641 乔1609 易1597 庞1547 倪1496 伍1496 鲁1481 聂1470 章1416 岳1397 颜1392 殷1373 翟1365 申1358 耿1288 欧1267 庄1243 左1238 焦1237 兰1237 关1220 俞1194 柳1183 甘1133 祝1110 傅1087 包1029 尚1020 毕1009 舒995 宁986 曲966 梅965 童948';

export const SURNAMES: readonly { surname: string; thousands: number }[] = SURNAME_TABLE.split(' ').map((s) => ({
  surname: s.slice(0, 1),
  thousands: Number(s.slice(1)),
}));

const NATIONAL = cumulative(SURNAMES.map((s) => s.thousands));
const ZHEJIANG = cumulative(SURNAMES.map((s) => s.thousands * (s.surname === '陈' ? 1.8 : 1)));

/** Index into {@link SURNAMES}; `zhejiang` for locally registered persons of a Zhejiang (33) region. */
export function drawSurname(rng: Rng, zhejiang: boolean): number {
  return rng.pickCumulative(zhejiang ? ZHEJIANG : NATIONAL);
}

interface Period {
  readonly until: number;
  readonly single: number;
  readonly male: string;
  readonly female: string;
  readonly maleNames?: readonly string[];
  readonly femaleNames?: readonly string[];
}

const PERIODS: readonly Period[] = [
  { until: 1959, single: 0.3, male: '建国华明福德文金荣海林成志永生贵春军平庆忠义祥山宝才发清光民有兴',
    female: '秀英兰珍玉桂凤芳华淑美琴梅红素云翠莲菊芬金霞月爱香秋彩群' },
  { until: 1979, single: 0.35, male: '伟军勇强斌建国华平明刚杰涛辉东海波峰林文新志宏卫红兵锋俊斌亮',
    female: '丽红霞艳燕玲敏静芳萍娟英华琴梅玉秀凤春云丹慧莉芬洁' },
  { until: 1999, single: 0.25, male: '伟磊杰涛鹏超浩强俊斌明军亮晨宇飞凯博文阳鑫帅龙峰辉健旭晓斌',
    female: '婷丽静敏雪燕洁佳颖倩琳丹晶娜芳慧莉欣雯萍悦璐楠茜思媛晓' },
  { until: 2009, single: 0.12, male: '子浩宇轩泽睿铭辰博俊逸皓晨一嘉航豪然杰哲鑫凯翔文天',
    female: '欣怡雨佳诗琪可馨思萱涵嘉悦晨雪梦婷宇一妍琳静钰' },
  { until: 9999, single: 0.08, male: '梓宇子浩轩泽睿铭辰博俊逸皓宸奕嘉航豪然一沐言煜瑞安',
    female: '梓涵欣怡雨佳诗琪可馨思萱一诺依妍桐语若嘉悦曦昕芮沐',
    maleNames: ['浩宇', '浩然', '宇轩', '宇航', '宇泽', '梓豪', '子轩', '浩轩', '宇辰', '子豪'],
    femaleNames: ['梓涵', '一诺', '欣怡', '诗涵', '依诺', '欣妍', '雨桐', '梓萱', '可馨', '佳怡'] },
];

/**
 * Draws a given name for a person born in `birthYear`, as a small integer code (period, sex, characters) so
 * names can be cached by number; {@link givenName} spells it.
 */
export function drawGivenCode(rng: Rng, sex: 'male' | 'female', birthYear: number): number {
  const period = PERIODS.findIndex((x) => birthYear <= x.until);
  const p = PERIODS[period]!;
  const s = sex === 'male' ? 0 : 1;
  const chars = s === 0 ? p.male : p.female;
  const whole = s === 0 ? p.maleNames : p.femaleNames;
  const head = (period << 1) | s;
  if (whole && rng.chance(0.15)) return (((head << 1) | 1) << 13) | rng.int(whole.length);
  const first = rng.int(chars.length);
  if (rng.chance(p.single)) return ((head << 1) << 13) | (first << 7);
  let second = rng.int(chars.length);
  if (second === first) second = (first + 1 + rng.int(chars.length - 1)) % chars.length;
  return ((head << 1) << 13) | (first << 7) | (second + 1);
}

export function givenName(code: number): string {
  const low = code & 0x1fff;
  const isWhole = (code >> 13) & 1;
  const s = (code >> 14) & 1;
  const p = PERIODS[code >> 15]!;
  if (isWhole) return (s === 0 ? p.maleNames : p.femaleNames)![low]!;
  const chars = s === 0 ? p.male : p.female;
  const second = low & 0x7f;
  return chars[low >> 7]! + (second > 0 ? chars[second - 1]! : '');
}

/**
 * Full names and their pinyin. The pinyin equals `toNamePinyin(name)` (the registry's own search key); it is
 * assembled from `toNamePinyin(surname)` and `toPinyin(givenName)`, each computed once, because for every
 * surname and given name these lists can produce the two agree (all 906,696 combinations were checked when
 * the lists were written; names.test.ts re-checks a sample) and a million pinyin-pro calls take seconds.
 */
export class NameCache {
  private readonly surnames: string[] = SURNAMES.map((s) => toNamePinyin(s.surname));
  private readonly given = new Map<number, { name: string; pinyin: string }>();
  of(surname: number, givenCode: number): { name: string; pinyin: string } {
    let g = this.given.get(givenCode);
    if (g === undefined) {
      const name = givenName(givenCode);
      g = { name, pinyin: toPinyin(name) };
      this.given.set(givenCode, g);
    }
    return { name: SURNAMES[surname]!.surname + g.name, pinyin: this.surnames[surname]! + g.pinyin };
  }
}

/** Every given-name code the lists can produce (for tests). */
export function allGivenCodes(): number[] {
  const out: number[] = [];
  PERIODS.forEach((p, period) => {
    for (let s = 0; s < 2; s++) {
      const head = (period << 1) | s;
      const chars = s === 0 ? p.male : p.female;
      const whole = s === 0 ? p.maleNames : p.femaleNames;
      whole?.forEach((_, w) => out.push((((head << 1) | 1) << 13) | w));
      for (let a = 0; a < chars.length; a++) for (let b = 0; b <= chars.length; b++) if (b !== a + 1) out.push(((head << 1) << 13) | (a << 7) | b);
    }
  });
  return out;
}
