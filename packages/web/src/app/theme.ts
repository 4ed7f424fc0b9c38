/**
 * The font stack: Noto Sans CJK SC first (Debian's fonts-noto-cjk, also on most Linux desktops), then
 * the usual system CJK fonts, then the Latin UI fonts, and last 'Noto Sans SC Variable', which the app
 * ships itself (split by unicode-range, so the browser fetches only the pieces a page needs and only
 * when no font before it has the character). Chinese never shows as boxes, whatever the machine has.
 */
export const FONT_STACK = [
  "'Noto Sans CJK SC'",
  "'Source Han Sans SC'",
  "'PingFang SC'",
  "'Hiragino Sans GB'",
  "'Microsoft YaHei'",
  "'WenQuanYi Micro Hei'",
  '-apple-system',
  'BlinkMacSystemFont',
  "'Segoe UI'",
  'Roboto',
  "'Helvetica Neue'",
  'Arial',
  "'Noto Sans SC Variable'",
  'sans-serif',
].join(', ');
