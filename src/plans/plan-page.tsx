// The plan page: metadata and the whole item tree with flags, departments and targets.
import type { PlanTree, TreeItem, TreeTarget } from './plans.repository.js';
import { Layout } from '../web/layout.js';
import { formatFiscalYear } from '../domain/wareki.js';
import { d } from '../domain/decimal.js';
import { formatJapaneseNumber } from '../domain/numbers.js';

const TARGET_SOURCE_LABELS: Record<string, string> = {
  this_plan: '本計画',
  action_plan: 'アクションプラン',
  strategic_vision: '戦略ビジョン',
  upper_plan: '上位計画',
  other: 'その他',
};

export function fiscalYearRange(from: number, to: number): string {
  return `${formatFiscalYear(from)}〜${formatFiscalYear(to)}（${from}〜${to}年度）`;
}

function targetText(target: TreeTarget, unit: string | null): string {
  if (target.text) return target.text;
  const value = target.value === null ? null : formatJapaneseNumber(d(target.value), unit);
  switch (target.kind) {
    case 'every_year_min':
      return `毎年度 ${value} 以上`;
    case 'every_year_max':
      return `毎年度 ${value} 以下`;
    case 'maintain':
      return `${target.bandLow ?? ''}〜${target.bandHigh ?? ''} を維持`;
    default:
      return value ?? '';
  }
}

function Flags({ item }: { item: TreeItem }) {
  return (
    <>
      {item.isPriority && <span class="flag flag-priority" title="重点">◎重点</span>}
      {item.isNew && <span class="flag flag-new">新規</span>}
      {item.isPartnerProject && <span class="flag flag-partner" title="地域づくりパートナープロジェクト">＊パートナー</span>}
      {item.relistKind && <span class="flag flag-relist">{item.relistKind === 'partial' ? '一部再掲' : '再掲'}</span>}
    </>
  );
}

function ItemNode({ item, levelNames }: { item: TreeItem; levelNames: string[] }) {
  const level = levelNames[item.depth] ?? '';
  const headingId = `item-${item.code}`;
  return (
    <li class={`tree-item depth-${item.depth}`} id={headingId}>
      <div class="item-head">
        <span class="item-code" title={level}>{item.number ?? item.code}</span>{' '}
        <span class="item-name">{item.name}</span> <Flags item={item} />
      </div>
      {item.relistOf && (
        <p class="item-relist">
          {item.relistKind === 'partial' ? '一部再掲' : '再掲'}: <a href={`#item-${item.relistOf.code}`}>{item.relistOf.code} {item.relistOf.name}</a>
        </p>
      )}
      {item.description && <p class="item-description">{item.description}</p>}
      {item.departments.length > 0 && (
        <p class="item-departments">
          <span class="label">担当課</span>{' '}
          {item.departments.map((dep, i) => (
            <>
              {i > 0 && '、'}
              {dep.textAsWritten ?? (dep.parentName ? `${dep.parentName} ${dep.name}` : dep.name)}
            </>
          ))}
        </p>
      )}
      {item.numericTargetText && (
        <p class="item-target">
          <span class="label">数値目標等</span> {item.numericTargetText}
        </p>
      )}
      {item.indicators.length > 0 && (
        <ul class="indicator-list">
          {item.indicators.map((indicator) => (
            <li>
              <span class="indicator-name">{indicator.name}</span>
              {indicator.unit && <span class="indicator-unit">（{indicator.unit}{indicator.aggregation === 'cumulative' ? '・累計' : ''}）</span>}
              {indicator.targets.length > 0 && (
                <span class="indicator-targets">
                  {' '}目標:{' '}
                  {indicator.targets.map((t, i) => (
                    <>
                      {i > 0 && ' ／ '}
                      {t.fiscalYear !== null && `${formatFiscalYear(t.fiscalYear)} `}
                      {targetText(t, indicator.unit)}
                      {t.setBy !== 'this_plan' && `（${TARGET_SOURCE_LABELS[t.setBy] ?? t.setBy}）`}
                    </>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {item.children.length > 0 && (
        <ul class="tree">
          {item.children.map((child) => (
            <ItemNode item={child} levelNames={levelNames} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function PlanPage({ tree }: { tree: PlanTree }) {
  const { plan } = tree;
  return (
    <Layout title={plan.title}>
      <nav aria-label="パンくずリスト" class="breadcrumbs">
        <ol>
          <li><a href="/">計画一覧</a></li>
          <li aria-current="page">{plan.title}</li>
        </ol>
      </nav>
      <h1>{plan.title}</h1>
      <dl class="plan-facts">
        <dt>団体</dt>
        <dd>{tree.organisation.name}</dd>
        <dt>計画期間</dt>
        <dd>{fiscalYearRange(plan.periodStartFy, plan.periodEndFy)}</dd>
        {plan.upperPlans.length > 0 && (
          <>
            <dt>上位計画</dt>
            <dd>{plan.upperPlans.join('、')}</dd>
          </>
        )}
        {plan.sdgGoals.length > 0 && (
          <>
            <dt>SDGs</dt>
            <dd>{plan.sdgGoals.map((g) => `目標${g}`).join('、')}</dd>
          </>
        )}
        {tree.scaleName && (
          <>
            <dt>評価の尺度</dt>
            <dd>{tree.scaleName}</dd>
          </>
        )}
        <dt>構成</dt>
        <dd>
          {plan.levelNames
            .map((name, depth) => `${name} ${tree.counts[depth] ?? 0}`)
            .filter((_, depth) => (tree.counts[depth] ?? 0) > 0)
            .join(' ／ ')}
          {tree.relistings > 0 && `（ほかに再掲 ${tree.relistings}）`}
        </dd>
      </dl>
      {plan.description && <p>{plan.description}</p>}
      <h2>施策の体系</h2>
      <ul class="tree tree-root">
        {tree.roots.map((item) => (
          <ItemNode item={item} levelNames={plan.levelNames} />
        ))}
      </ul>
    </Layout>
  );
}
