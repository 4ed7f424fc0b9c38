import dayjs from 'dayjs';
import { ageOn, todayInChina } from '@renkou/core';

/** Dates are shown as YYYY-MM-DD everywhere; times as YYYY-MM-DD HH:mm:ss in the browser's zone. */
export const DATE_FORMAT = 'YYYY-MM-DD';

export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  return value.length === 10 ? value : dayjs(value).format(DATE_FORMAT);
}

export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  return dayjs(value).format('YYYY-MM-DD HH:mm:ss');
}

export function ageOf(birthDate: string, deathDate?: string | null): number {
  return ageOn(birthDate, deathDate ?? todayInChina());
}

export function formatNumber(n: number | null | undefined, lang: 'zh' | 'en'): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
}
