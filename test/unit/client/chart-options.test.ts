import { describe, expect, it } from 'vitest';
import { buildGradeDistributionOption } from '../../../client/src/features/overview/build-grade-distribution-option';
import { buildHeatmapOption, heatmapHeight } from '../../../client/src/features/overview/build-heatmap-option';
import { buildRectificationOption } from '../../../client/src/features/overview/build-rectification-option';
import { buildRolloutRingOption } from '../../../client/src/features/overview/build-rollout-ring-option';
import { buildTrendOption } from '../../../client/src/features/overview/build-trend-option';
import { buildRuleCompareOption } from '../../../client/src/features/scorecard/build-rule-compare-option';
import { buildScoreTrendOption } from '../../../client/src/features/scorecard/build-score-trend-option';
import { GRADE_COLORS } from '../../../client/src/lib/colors';

type Series = {
  type: string;
  name?: string;
  data: unknown[];
  stack?: string;
  yAxisIndex?: number;
  itemStyle?: { color?: string };
};
const seriesOf = (option: unknown) => (option as { series: Series[] }).series;

describe('buildRolloutRingOption', () => {
  it('splits the ring into deployed and the rest (24 of 36)', () => {
    const [ring] = seriesOf(
      buildRolloutRingOption({ done: 24, total: 36, label: 'rollout', doneLabel: 'done', restLabel: 'rest' }),
    );
    expect(ring?.type).toBe('pie');
    expect(ring?.data).toEqual([
      expect.objectContaining({ name: 'done', value: 24 }),
      expect.objectContaining({ name: 'rest', value: 12 }),
    ]);
  });
  it('clamps a done count above the total and copes with no units', () => {
    expect(
      seriesOf(buildRolloutRingOption({ done: 40, total: 36, label: '', doneLabel: 'd', restLabel: 'r' }))[0]?.data,
    ).toEqual([expect.objectContaining({ value: 36 }), expect.objectContaining({ value: 0 })]);
    expect(
      seriesOf(buildRolloutRingOption({ done: 0, total: 0, label: '', doneLabel: 'd', restLabel: 'r' }))[0]?.data,
    ).toEqual([expect.objectContaining({ value: 0 }), expect.objectContaining({ value: 0 })]);
  });
});

describe('buildGradeDistributionOption', () => {
  const gradeLabels = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };
  it('stacks one segment per grade for each group, in grade order and colour', () => {
    const option = buildGradeDistributionOption({
      groups: [
        {
          label: '乡镇街道',
          grades: [
            { grade: 'excellent', count: 24 },
            { grade: 'good', count: 5 },
            { grade: 'pass', count: 5 },
            { grade: 'fail', count: 2 },
          ],
        },
        {
          label: '市直单位',
          grades: [
            { grade: 'fail', count: 2 },
            { grade: 'excellent', count: 36 },
          ],
        },
      ],
      gradeLabels,
    });
    const series = seriesOf(option);
    expect(series.map((s) => s.name)).toEqual(['优秀', '良好', '合格', '不合格']);
    expect(series.every((s) => s.stack === 'grades')).toBe(true);
    expect(series.map((s) => s.data)).toEqual([
      [24, 36],
      [5, 0],
      [5, 0],
      [2, 2],
    ]);
    expect(series[3]?.itemStyle?.color).toBe(GRADE_COLORS.fail);
    expect((option as { yAxis: { data: string[] } }).yAxis.data).toEqual(['乡镇街道', '市直单位']);
  });
});

describe('buildTrendOption', () => {
  it('draws published and consultations as bars and online cases as a line on the second axis', () => {
    const option = buildTrendOption({
      rows: [
        { period: '2011Q1', published: 2033, consultations: 1534, onlineCases: 7856 },
        { period: '2011Q2', published: 2139, consultations: 1681, onlineCases: 9764 },
      ],
      periodLabel: (c) => `P${c}`,
      labels: { published: 'pub', consultations: 'con', onlineCases: 'cases' },
    });
    expect((option as { xAxis: { data: string[] } }).xAxis.data).toEqual(['P2011Q1', 'P2011Q2']);
    const [pub, con, cases] = seriesOf(option);
    expect([pub?.type, con?.type, cases?.type]).toEqual(['bar', 'bar', 'line']);
    expect(pub?.data).toEqual([2033, 2139]);
    expect(cases?.data).toEqual([7856, 9764]);
    expect(cases?.yAxisIndex).toBe(1);
  });
});

describe('buildRectificationOption', () => {
  it('leaves out empty states', () => {
    const option = buildRectificationOption({
      counts: { open: 0, overdue: 4, rectified: 7, late: 4 },
      labels: { open: 'open', overdue: 'overdue', rectified: 'ok', late: 'late' },
    });
    expect(seriesOf(option)[0]?.data).toEqual([
      expect.objectContaining({ name: 'ok', value: 7 }),
      expect.objectContaining({ name: 'late', value: 4 }),
      expect.objectContaining({ name: 'overdue', value: 4 }),
    ]);
  });
});

describe('buildHeatmapOption', () => {
  const rules = [
    { code: 'disclosure_volume', label: '公开数量', points: 30 },
    { code: 'approval_rollout', label: '网上审批', points: 25 },
  ];
  it('gives each unit a row and each rule a column, valued by the share of the rule earned', () => {
    const option = buildHeatmapOption({
      units: [
        { code: 'T01', name: '蔡子池街道', rules: { disclosure_volume: 30, approval_rollout: 25 } },
        { code: 'T26', name: '上架乡', rules: { disclosure_volume: 13.5, approval_rollout: 0 } },
      ],
      rules,
      earnedLabel: '得分',
    });
    expect(seriesOf(option)[0]?.data).toEqual([
      [0, 0, 100],
      [1, 0, 100],
      [0, 1, 45],
      [1, 1, 0],
    ]);
    expect((option as { yAxis: { data: string[] } }).yAxis.data).toEqual(['蔡子池街道', '上架乡']);
  });
  it('leaves a rule that does not apply to the unit blank', () => {
    const option = buildHeatmapOption({
      units: [{ code: 'D01', name: '市政府办', rules: { disclosure_volume: 30 } }],
      rules,
      earnedLabel: '',
    });
    expect(seriesOf(option)[0]?.data).toEqual([[0, 0, 100]]);
  });
  it('escapes unit names in the tooltip', () => {
    const option = buildHeatmapOption({
      units: [{ code: 'X', name: '<img src=x onerror=alert(1)>', rules: { disclosure_volume: 3 } }],
      rules,
      earnedLabel: 'pts',
    });
    const formatter = (option as { tooltip: { formatter: (p: unknown) => string } }).tooltip.formatter;
    const html = formatter({ value: [0, 0, 10] });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });
  it('is tall enough for every unit', () => {
    expect(heatmapHeight(36)).toBeGreaterThanOrEqual(36 * 16);
    expect(heatmapHeight(0)).toBeGreaterThan(0);
  });
});

describe('buildRuleCompareOption', () => {
  it('stacks the points earned and missed, beside the group average', () => {
    const option = buildRuleCompareOption({
      rules: [
        { label: '公开数量', earned: 22.5, average: 27.126, points: 30 },
        { label: '培训', earned: 10, average: null, points: 10 },
      ],
      labels: { unit: 'unit', average: 'avg', rest: 'missed' },
    });
    const [earned, missed, average] = seriesOf(option);
    expect(earned?.data).toEqual([22.5, 10]);
    expect(missed?.data).toEqual([7.5, 0]);
    expect(earned?.stack).toBe(missed?.stack);
    expect(average?.data).toEqual([27.13, null]);
  });
});

describe('buildScoreTrendOption', () => {
  const bands = [
    { grade: 'excellent' as const, min: 90, label: '优秀' },
    { grade: 'pass' as const, min: 60, label: '合格' },
  ];
  it('draws quarters in order, leaves the years out, and marks the grade bands', () => {
    const option = buildScoreTrendOption({
      points: [
        { period: '2011Q2', score: 90, rank: 3 },
        { period: '2011', score: 104, rank: 1 },
        { period: '2011Q1', score: 92, rank: 1 },
      ],
      periodLabel: (c) => c,
      labels: { score: '得分', rank: '排名' },
      bands,
    });
    expect((option as { xAxis: { data: string[] } }).xAxis.data).toEqual(['2011Q1', '2011Q2']);
    const series = seriesOf(option);
    expect(series.at(-1)?.data).toEqual([92, 90]);
    expect(series.slice(0, 2).map((s) => s.data)).toEqual([
      [90, 90],
      [60, 60],
    ]);
  });
  it('raises the axis above 100 for scores with bonuses', () => {
    const option = buildScoreTrendOption({
      points: [{ period: '2011Q4', score: 103, rank: 1 }],
      periodLabel: (c) => c,
      labels: { score: '', rank: '' },
      bands,
    });
    expect((option as { yAxis: { max: number } }).yAxis.max).toBe(110);
  });
});
