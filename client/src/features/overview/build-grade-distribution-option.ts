import type { Grade } from '../../../../server/domain/scoring/scheme';
import type { ChartOption } from '../../components/chart-types';
import { GRADE_COLORS } from '../../lib/colors';

export type { Grade };

// Not the domain's GRADES: importing a value from scheme.ts would bring zod into the overview's first load.
const GRADES = ['excellent', 'good', 'pass', 'fail'] as const satisfies readonly Grade[];

/** One stacked bar per group, one segment per grade (excellent → fail), labelled with the count. */
export function buildGradeDistributionOption(input: {
  groups: { label: string; grades: { grade: Grade; count: number }[] }[];
  gradeLabels: Record<Grade, string>;
}): ChartOption {
  const countOf = (g: (typeof input.groups)[number], grade: Grade) =>
    g.grades.find((x) => x.grade === grade)?.count ?? 0;
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: GRADES.map((g) => input.gradeLabels[g]) },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
    yAxis: { type: 'category', data: input.groups.map((g) => g.label), inverse: true },
    series: GRADES.map((grade) => ({
      type: 'bar' as const,
      name: input.gradeLabels[grade],
      stack: 'grades',
      barMaxWidth: 36,
      itemStyle: { color: GRADE_COLORS[grade] },
      label: {
        show: true,
        color: '#fff',
        formatter: (p: { value?: unknown }) => (Number(p.value) > 0 ? String(p.value) : ''),
      },
      data: input.groups.map((g) => countOf(g, grade)),
    })),
  };
}
