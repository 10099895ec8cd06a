/** The palette shared by the stylesheet and the charts. */
export const COLORS = {
  primary: '#1d4f91',
  primarySoft: '#5b8bd0',
  accent: '#c8102e',
  muted: '#8a94a6',
  grid: '#e3e8ef',
  text: '#1f2933',
  textSoft: '#52606d',
  excellent: '#2e7d32',
  good: '#1565c0',
  pass: '#b7791f',
  fail: '#c62828',
  open: '#1565c0',
  overdue: '#c62828',
  rectified: '#2e7d32',
  late: '#e07b00',
  series: ['#1d4f91', '#e07b00', '#2e7d32', '#7b4fa0', '#0f8a8a'],
} as const;

export const GRADE_COLORS = {
  excellent: COLORS.excellent,
  good: COLORS.good,
  pass: COLORS.pass,
  fail: COLORS.fail,
} as const;
