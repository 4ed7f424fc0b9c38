import { ageOn } from '../common/common';
import { DomainError } from '../errors';

/** Minimum legal marriage ages (婚姻法 / 民法典 art. 1047). */
export const MARRIAGE_AGE = { male: 22, female: 20 } as const;
export const MOTHER_AGE = { min: 12, max: 60 } as const;

const t = (zh: string, en: string) => ({ zh, en });

export function assertNotFuture(field: string, date: string, today: string): void {
  if (date > today) throw new DomainError('DATE_IN_FUTURE', t('日期不能晚于今天', 'the date may not be in the future'), [{ path: field, value: date, reason: t(`${date} 晚于今天 ${today}`, `${date} is after today ${today}`) }], 422);
}

export function assertMotherAge(motherBirth: string, birthDate: string): void {
  const age = ageOn(motherBirth, birthDate);
  if (age < MOTHER_AGE.min) throw new DomainError('MOTHER_TOO_YOUNG', t(`母亲生育时年龄 ${age} 岁，低于 ${MOTHER_AGE.min} 岁`, `the mother would be ${age}, younger than ${MOTHER_AGE.min}`), [{ path: 'body.motherId', value: age, reason: t('母亲年龄过小', 'mother too young') }], 422);
  if (age > MOTHER_AGE.max) throw new DomainError('MOTHER_TOO_OLD', t(`母亲生育时年龄 ${age} 岁，超过 ${MOTHER_AGE.max} 岁`, `the mother would be ${age}, older than ${MOTHER_AGE.max}`), [{ path: 'body.motherId', value: age, reason: t('母亲年龄过大', 'mother too old') }], 422);
}

export function assertMarriageAge(field: string, sex: 'male' | 'female', birthDate: string, on: string): void {
  const age = ageOn(birthDate, on);
  const min = MARRIAGE_AGE[sex];
  if (age < min) {
    throw new DomainError(
      'UNDER_MARRIAGE_AGE',
      t(`未达法定婚龄：${sex === 'male' ? '男' : '女'}方 ${age} 岁，法定 ${min} 岁`, `below the legal marriage age: ${age}, the minimum for ${sex === 'male' ? 'men' : 'women'} is ${min}`),
      [{ path: field, value: age, reason: t(`需年满 ${min} 周岁`, `must be at least ${min}`) }],
      422,
    );
  }
}

export function assertEventNotAfterDeath(field: string, deathDate: string | null, on: string): void {
  if (deathDate !== null && on > deathDate) {
    throw new DomainError('EVENT_AFTER_DEATH', t(`此人已于 ${deathDate} 死亡，不能登记之后的事件`, `this person died on ${deathDate}; no later event can be recorded`), [{ path: field, value: on, reason: t('死亡后的事件', 'event after death') }], 422);
  }
}
