import { ROLE_NAMES, type Role, type VitalEventKind } from '@renkou/core';

export type Lang = 'zh' | 'en';
type Pair = readonly [string, string];

const pick = (p: Pair | undefined, lang: Lang, fallback: string): string => (p ? p[lang === 'zh' ? 0 : 1] : fallback);

export const SEX: Record<string, Pair> = { male: ['男', 'Male'], female: ['女', 'Female'] };
export const STATUS: Record<string, Pair> = { alive: ['在册', 'Registered'], dead: ['已死亡', 'Dead'], emigrated: ['已迁出', 'Moved away'] };
export const MARITAL: Record<string, Pair> = { unmarried: ['未婚', 'Unmarried'], married: ['已婚', 'Married'], divorced: ['离婚', 'Divorced'], widowed: ['丧偶', 'Widowed'] };
export const RESIDENCE_TYPE: Record<string, Pair> = { rural: ['农业（乡村）', 'Rural'], urban: ['非农业（城镇）', 'Urban'] };
export const RELATION: Record<string, Pair> = {
  head: ['户主', 'Head'],
  spouse: ['配偶', 'Spouse'],
  child: ['子女', 'Child'],
  parent: ['父母', 'Parent'],
  grandchild: ['孙子女', 'Grandchild'],
  grandparent: ['祖父母', 'Grandparent'],
  sibling: ['兄弟姐妹', 'Sibling'],
  child_in_law: ['儿媳/女婿', 'Child-in-law'],
  other: ['其他', 'Other'],
};
export const EVENT_KIND: Record<VitalEventKind, Pair> = {
  birth: ['出生', 'Birth'],
  death: ['死亡', 'Death'],
  marriage: ['结婚', 'Marriage'],
  divorce: ['离婚', 'Divorce'],
  move_in: ['迁入', 'Move in'],
  move_out: ['迁出', 'Move out'],
  residence_change: ['居住地变更', 'Change of residence'],
  hukou_change: ['户籍变更', 'Change of hukou'],
  correction: ['更正', 'Correction'],
};
export const SOURCE: Record<string, Pair> = {
  registry: ['窗口登记', 'Registry office'], hospital: ['医院出生医学证明', 'Hospital'], police: ['公安户籍', 'Police hukou'],
  civil_affairs: ['民政婚姻登记', 'Civil affairs'], import: ['批量导入', 'Import'], demo: ['演示数据', 'Demo data'],
};
export const OUTCOME: Record<string, Pair> = { success: ['成功', 'Success'], failure: ['失败', 'Failure'], denied: ['拒绝', 'Denied'] };

/** GB/T 3304 民族 codes. */
export const ETHNICITY: Record<string, Pair> = Object.fromEntries(
  (
    [
      ['01', '汉族', 'Han'], ['02', '蒙古族', 'Mongol'], ['03', '回族', 'Hui'], ['04', '藏族', 'Tibetan'], ['05', '维吾尔族', 'Uyghur'],
      ['06', '苗族', 'Miao'], ['07', '彝族', 'Yi'], ['08', '壮族', 'Zhuang'], ['09', '布依族', 'Bouyei'], ['10', '朝鲜族', 'Korean'],
      ['11', '满族', 'Manchu'], ['12', '侗族', 'Dong'], ['13', '瑶族', 'Yao'], ['14', '白族', 'Bai'], ['15', '土家族', 'Tujia'],
      ['16', '哈尼族', 'Hani'], ['17', '哈萨克族', 'Kazakh'], ['18', '傣族', 'Dai'], ['19', '黎族', 'Li'], ['20', '傈僳族', 'Lisu'],
      ['21', '佤族', 'Va'], ['22', '畲族', 'She'], ['23', '高山族', 'Gaoshan'], ['24', '拉祜族', 'Lahu'], ['25', '水族', 'Sui'],
      ['26', '东乡族', 'Dongxiang'], ['27', '纳西族', 'Naxi'], ['28', '景颇族', 'Jingpo'], ['29', '柯尔克孜族', 'Kyrgyz'], ['30', '土族', 'Tu'],
      ['31', '达斡尔族', 'Daur'], ['32', '仫佬族', 'Mulao'], ['33', '羌族', 'Qiang'], ['34', '布朗族', 'Blang'], ['35', '撒拉族', 'Salar'],
      ['36', '毛南族', 'Maonan'], ['37', '仡佬族', 'Gelao'], ['38', '锡伯族', 'Xibe'], ['39', '阿昌族', 'Achang'], ['40', '普米族', 'Pumi'],
      ['41', '塔吉克族', 'Tajik'], ['42', '怒族', 'Nu'], ['43', '乌孜别克族', 'Uzbek'], ['44', '俄罗斯族', 'Russian'], ['45', '鄂温克族', 'Evenki'],
      ['46', '德昂族', "De'ang"], ['47', '保安族', 'Bonan'], ['48', '裕固族', 'Yugur'], ['49', '京族', 'Gin'], ['50', '塔塔尔族', 'Tatar'],
      ['51', '独龙族', 'Derung'], ['52', '鄂伦春族', 'Oroqen'], ['53', '赫哲族', 'Hezhen'], ['54', '门巴族', 'Monpa'], ['55', '珞巴族', 'Lhoba'],
      ['56', '基诺族', 'Jino'], ['57', '其他', 'Other'], ['58', '外国血统', 'Foreign origin'], ['97', '未识别民族', 'Unrecognised'],
      ['98', '外国血统中国籍人士', 'Naturalised citizen of foreign origin'],
    ] as const
  ).map(([code, zh, en]) => [code, [zh, en] as Pair]),
);

export function label(table: Record<string, Pair>, value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '';
  return pick(table[value], lang, value);
}

export function roleName(role: string, lang: Lang): string {
  const r = ROLE_NAMES[role as Role];
  return r ? r[lang] : role;
}

/** Options for an antd Select from a label table. */
export function options(table: Record<string, Pair>, lang: Lang): { value: string; label: string }[] {
  return Object.entries(table).map(([value, p]) => ({ value, label: pick(p, lang, value) }));
}
