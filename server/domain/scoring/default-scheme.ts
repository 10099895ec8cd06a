/** The default scoring scheme of scoring.md, as data: every year gets it until an administrator sets another. */
import type { Scheme } from './scheme.ts';

const scheme: Scheme = {
  targets: {
    'pub.total': { grassroots: 80, organs: 100 },
    'training.attendees': { grassroots: 2, organs: 2 },
  },
  rules: [
    {
      code: 'disclosure_volume',
      nameZh: '主动公开信息量',
      nameEn: 'Volume of proactive disclosure',
      points: 30,
      groups: ['grassroots', 'organs'],
      kind: 'ratio',
      numerator: 'pub.total',
      denominator: { target: 'pub.total' },
      // Only reachable with a target of 0, which means nothing was asked for.
      whenZero: 30,
    },
    {
      code: 'electronic_rate',
      nameZh: '全文电子化率',
      nameEn: 'Share published as full electronic text',
      points: 10,
      groups: ['grassroots', 'organs'],
      kind: 'ratio',
      numerator: 'pub.electronic',
      denominator: { indicator: 'pub.total' },
      whenZero: 0,
    },
    {
      code: 'request_reply_rate',
      nameZh: '依申请公开答复率',
      nameEn: 'Reply rate to disclosure requests',
      points: 10,
      groups: ['grassroots', 'organs'],
      kind: 'ratio',
      numerator: 'reply.total',
      denominator: { indicator: 'req.total' },
      whenZero: 10,
    },
    {
      code: 'approval_rollout',
      nameZh: '网上审批及电子监察系统部署',
      nameEn: 'Online approval and e-supervision rollout',
      points: 25,
      groups: ['grassroots'],
      kind: 'threshold',
      indicator: 'approval.deployed',
      min: 1,
    },
    {
      code: 'approval_ontime',
      nameZh: '网上办件按时办结率',
      nameEn: 'Online cases completed on time',
      points: 25,
      groups: ['organs'],
      kind: 'ratio',
      numerator: 'approval.cases_ontime',
      denominator: { indicator: 'approval.cases' },
      whenZero: 25,
    },
    {
      code: 'training',
      nameZh: '业务培训',
      nameEn: 'Training attendance',
      points: 10,
      groups: ['grassroots', 'organs'],
      kind: 'ratio',
      numerator: 'training.attendees',
      denominator: { target: 'training.attendees' },
      whenZero: 10,
    },
    {
      code: 'appeals',
      nameZh: '行政复议、诉讼和申诉',
      nameEn: 'Administrative reviews, lawsuits and complaints',
      points: 15,
      groups: ['grassroots', 'organs'],
      kind: 'per_count',
      indicator: 'appeal.total',
      perCount: 5,
    },
  ],
  deductions: { cap: 20, overduePoint: 1 },
  bonus: { cap: 5 },
  grades: [
    { grade: 'excellent', min: 90 },
    { grade: 'good', min: 70 },
    { grade: 'pass', min: 60 },
  ],
};

/** The default scheme, frozen: copy it (structuredClone) to derive another. */
export const DEFAULT_SCHEME: Scheme = deepFreeze(scheme);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
