// Staff pages of the shared catalogue (/admin/catalogue): the entries with a form to add one, and
// one entry with its edit form, its linked indicators (unlink: own organisation only) and the form
// to link an indicator. Plain POST forms with the CSRF field; a form with a problem comes back
// with what was typed and the Japanese message.
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import { inOrganisation, isOperator, type SessionUser } from '../auth/policy.js';
import { CATALOGUE_KINDS, DIRECTIONS } from '../db/schema.js';
import { d, formatDecimal } from '../domain/decimal.js';
import { itemHref } from '../portal/portal-ui.js';
import type { CatalogueEntryRow, IndicatorChoice, LinkedIndicator } from './catalogue.repository.js';
import type { CatalogueListing } from './compare.repository.js';
import { DIRECTION_LABELS, KIND_LABELS, type FormValues } from './catalogue-form.js';

export interface Frame {
  user: SessionUser;
  csrfToken: string;
}

export const catalogueAdminUrl = (code?: string) => (code ? `/admin/catalogue/${code}` : '/admin/catalogue');

function Problem({ error }: { error?: string | undefined }) {
  return error ? <div class="notice notice-error" role="alert"><p>入力に誤りがあります: {error}</p></div> : null;
}

function Saved({ message }: { message?: string | undefined }) {
  return message ? <div class="notification notification-success" role="status"><p>{message}</p></div> : null;
}

function Input({ id, name, label, values, hint, required }: { id: string; name: string; label: string; values: FormValues; hint?: string; required?: boolean }) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <p class="form-field">
      <label for={id}>{label}{required ? '（必須）' : ''}</label>
      {hint ? <span class="hint" id={hintId}>{hint}</span> : null}
      <input id={id} name={name} type="text" value={values[name] ?? ''} required={required} aria-describedby={hintId} />
    </p>
  );
}

function Choice({ id, name, label, values, options }: { id: string; name: string; label: string; values: FormValues; options: [string, string][] }) {
  return (
    <p class="form-field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        {options.map(([value, text]) => <option value={value} selected={(values[name] ?? '') === value}>{text}</option>)}
      </select>
    </p>
  );
}

function EntryFields({ values, withCode, prefix }: { values: FormValues; withCode: boolean; prefix: string }) {
  return (
    <>
      {withCode && <Input id={`${prefix}code`} name="code" label="コード" values={values} required hint="URL に使います。半角英小文字・数字・ハイフン（例: volunteer-groups）。後から変えられません。" />}
      <Input id={`${prefix}name`} name="name" label="名称" values={values} required />
      <Input id={`${prefix}nameEn`} name="nameEn" label="英語の名称" values={values} />
      <p class="form-field">
        <label for={`${prefix}description`}>説明</label>
        <span class="hint" id={`${prefix}description-hint`}>何を数える指標か。市民が読む比較ページに表示されます。</span>
        <textarea id={`${prefix}description`} name="description" rows={3} aria-describedby={`${prefix}description-hint`}>{values.description ?? ''}</textarea>
      </p>
      <Input id={`${prefix}unit`} name="unit" label="比べる単位" values={values} required hint="各団体の値をこの単位にそろえて表示します（例: 団体、%、円）。" />
      <Choice id={`${prefix}kind`} name="kind" label="種類" values={values} options={CATALOGUE_KINDS.map((k) => [k, KIND_LABELS[k]])} />
      <Choice id={`${prefix}direction`} name="direction" label="目指す方向" values={values} options={DIRECTIONS.map((k) => [k, DIRECTION_LABELS[k]])} />
    </>
  );
}

export function entryValues(entry: CatalogueEntryRow): FormValues {
  return { code: entry.code, name: entry.name, nameEn: entry.nameEn ?? '', description: entry.description ?? '', unit: entry.unit, kind: entry.kind, direction: entry.direction };
}

/** What a 本部 bound to one organisation reads where the operator has a form. */
function OperatorOnly() {
  return <p class="hint">共通指標はこの環境のすべての団体で共有するため、追加と編集はこの環境の運用者（団体に属さない管理者）が行います。名称や定義の誤りは運用者に連絡してください。</p>;
}

export function CatalogueAdminPage({ frame, entries, values, error }: { frame: Frame; entries: CatalogueListing[]; values: FormValues; error?: string }) {
  return (
    <StaffLayout title="都市間比較カタログ" user={frame.user} csrfToken={frame.csrfToken}>
      <h1>都市間比較カタログ</h1>
      <p>複数の団体が追っている共通の指標です。各団体の指標を共通指標に対応付けると、公開の<a href="/compare">都市間比較</a>のページに並んで表示されます。共通指標はこの環境のすべての団体で共有し、指標の対応付けは各団体が自分の指標について行います。</p>
      {entries.length === 0 ? <p class="notice">共通指標はまだありません。</p> : (
        <div class="table-scroll" tabindex={0} role="region" aria-labelledby="catalogue-caption">
          <table class="data-table">
            <caption id="catalogue-caption">共通指標の一覧</caption>
            <thead><tr><th scope="col">名称</th><th scope="col">コード</th><th scope="col">単位</th><th scope="col">種類</th><th scope="col">対応している団体</th></tr></thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <th scope="row"><a href={catalogueAdminUrl(e.code)}>{e.name}</a></th>
                  <td class="code">{e.code}</td>
                  <td>{e.unit}</td>
                  <td>{KIND_LABELS[e.kind]}</td>
                  <td class="num">{e.organisations}団体（指標 {e.indicators}件）</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="new-entry">共通指標を追加する</h2>
      {isOperator(frame.user) ? (
        <>
          <Problem error={error} />
          <form method="post" action={catalogueAdminUrl()} class="form" aria-labelledby="new-entry">
            <CsrfField token={frame.csrfToken} />
            <EntryFields values={values} withCode prefix="new-" />
            <div class="form-actions"><button type="submit" class="button button-primary">追加する</button></div>
          </form>
        </>
      ) : <OperatorOnly />}
    </StaffLayout>
  );
}

export interface EntryPageProps {
  frame: Frame;
  entry: CatalogueEntryRow;
  links: LinkedIndicator[];
  choices: IndicatorChoice[];
  entryForm: FormValues;
  linkForm: FormValues;
  entryError?: string | undefined;
  linkError?: string | undefined;
  saved?: string | undefined;
}

export function CatalogueEntryAdminPage(props: EntryPageProps) {
  const { frame, entry, links } = props;
  const byPlan = new Map<string, IndicatorChoice[]>();
  for (const choice of props.choices) {
    const list = byPlan.get(choice.planCode) ?? [];
    list.push(choice);
    byPlan.set(choice.planCode, list);
  }
  return (
    <StaffLayout title={`${entry.name} | 都市間比較カタログ`} user={frame.user} csrfToken={frame.csrfToken}>
      <nav class="breadcrumbs" aria-label="現在位置">
        <ol><li><a href={catalogueAdminUrl()}>都市間比較カタログ</a></li><li aria-current="page">{entry.name}</li></ol>
      </nav>
      <h1>{entry.name}</h1>
      <p>コード <span class="code">{entry.code}</span>・公開ページ: <a href={`/compare/${entry.code}`}>/compare/{entry.code}</a></p>
      <Saved message={props.saved} />

      <h2 id="links-heading">対応付けた指標</h2>
      {links.length === 0 ? <p class="notice">まだどの指標も対応付けられていません。</p> : (
        <div class="table-scroll" tabindex={0} role="region" aria-labelledby="links-caption">
          <table class="data-table">
            <caption id="links-caption">「{entry.name}」に対応付けた指標</caption>
            <thead><tr><th scope="col">団体</th><th scope="col">計画・指標</th><th scope="col">換算係数</th><th scope="col">定義の違い</th><th scope="col">操作</th></tr></thead>
            <tbody>
              {links.map((link) => (
                <tr>
                  <th scope="row">{link.organisationName}</th>
                  <td>
                    {link.planTitle}<br />
                    <a href={itemHref('ja', link.planCode, link.itemCode)}>{link.indicatorCode} {link.indicatorName}</a>{link.indicatorUnit ? `（${link.indicatorUnit}）` : ''}
                  </td>
                  <td class="num">× {formatDecimal(d(link.unitFactor))}</td>
                  <td>{link.note ?? '（記載なし）'}</td>
                  <td>
                    {inOrganisation(frame.user, link.organisationId) ? (
                      <form method="post" action={`${catalogueAdminUrl(entry.code)}/links/${link.indicatorId}/delete`}>
                        <CsrfField token={frame.csrfToken} />
                        <button type="submit" class="button button-secondary nowrap">対応を外す<span class="visually-hidden">（{link.organisationName} {link.indicatorCode}）</span></button>
                      </form>
                    ) : '他の団体の指標'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="link-heading">指標を対応付ける</h2>
      <p>同じ指標をもう一度選ぶと、換算係数と定義の違いを書き換えます。1つの指標は1つの共通指標にだけ対応付けられます。</p>
      <Problem error={props.linkError} />
      {props.choices.length === 0 ? <p class="notice">対応付けられる指標がありません。</p> : (
        <form method="post" action={`${catalogueAdminUrl(entry.code)}/links`} class="form" aria-labelledby="link-heading">
          <CsrfField token={frame.csrfToken} />
          <p class="form-field">
            <label for="link-indicator">対応付ける指標（計画ごと）（必須）</label>
            <select id="link-indicator" name="indicator" required>
              <option value="">選んでください</option>
              {[...byPlan].map(([planCode, list]) => (
                <optgroup label={`${list[0]?.organisationName ?? ''} ${list[0]?.planTitle ?? planCode}`}>
                  {list.map((c) => {
                    const value = `${c.planCode}|${c.indicatorCode}`;
                    return <option value={value} selected={props.linkForm.indicator === value}>{`${c.indicatorCode} ${c.indicatorName}${c.unit ? `（${c.unit}）` : ''}`}</option>;
                  })}
                </optgroup>
              ))}
            </select>
          </p>
          <Input id="link-unitFactor" name="unitFactor" label="単位の換算係数" values={props.linkForm} hint={`指標の値 × 係数 = 「${entry.unit}」での値。同じ単位なら 1（千円 → 円なら 1000）。`} />
          <p class="form-field">
            <label for="link-note">定義の違い</label>
            <span class="hint" id="link-note-hint">この団体の指標の数え方が共通指標や他の団体とどう違うか。比較ページに表示されます。</span>
            <textarea id="link-note" name="note" rows={3} aria-describedby="link-note-hint">{props.linkForm.note ?? ''}</textarea>
          </p>
          <div class="form-actions"><button type="submit" class="button button-primary">対応付ける</button></div>
        </form>
      )}

      <h2 id="edit-heading">共通指標を編集する</h2>
      {isOperator(frame.user) ? (
        <>
          <Problem error={props.entryError} />
          <form method="post" action={catalogueAdminUrl(entry.code)} class="form" aria-labelledby="edit-heading">
            <CsrfField token={frame.csrfToken} />
            <EntryFields values={props.entryForm} withCode={false} prefix="edit-" />
            <div class="form-actions"><button type="submit" class="button button-primary">保存する</button></div>
          </form>
        </>
      ) : <OperatorOnly />}
    </StaffLayout>
  );
}
