/** A new assignment (R-A11) with its forecast (R-A12) computed before it can be saved. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import type { AssignmentTarget, CatalogApp, Forecast, Group, Intent } from '../../api/types.js';
import { useNotify } from '../../components/Notices.js';
import { ErrorMessage, Loading } from '../../components/State.js';
import { WhatIfPreview } from '../../components/WhatIfPreview.js';
import { useAction } from '../../hooks/useAction.js';
import { useDebounced } from '../../hooks/useDebounced.js';
import { INTENTS } from './assignmentText.js';
import { ForecastBox } from './ForecastBox.js';

interface ForecastAnswer {
  forecast: Forecast;
  blocked: boolean;
}

function targetOf(value: string): AssignmentTarget {
  if (value === 'allUsers' || value === 'allDevices') return { type: value };
  return { type: 'group', groupId: value.replace(/^group:/, '') };
}

/** The forecast a refused save carried (409 INSUFFICIENT_LICENSES), shown in the form. */
function refusedForecast(error: unknown): Forecast | null {
  if (!(error instanceof ApiError) || error.code !== 'INSUFFICIENT_LICENSES') return null;
  const forecast = (error.details as { forecast?: Forecast } | undefined)?.forecast;
  return forecast ?? null;
}

export function AssignmentForm(props: { app: CatalogApp; groups: Group[]; onCreated: () => void }) {
  const { t } = useTranslation('apps');
  const { app, groups } = props;
  const notify = useNotify();
  const [saved, setSaved] = useState<Forecast | null>(null);
  const [target, setTarget] = useState('allUsers');
  const [intent, setIntent] = useState<Intent>('required');
  const [licenseType, setLicenseType] = useState<'' | 'user' | 'device'>('');
  const [exclude, setExclude] = useState<string[]>([]);
  const [answer, setAnswer] = useState<{ key: string; value?: ForecastAnswer; error?: unknown }>();
  const action = useAction();

  const body = {
    target: targetOf(target),
    intent,
    ...(licenseType === '' ? {} : { licenseType }),
    ...(exclude.length === 0 ? {} : { excludeGroupIds: exclude }),
  };
  const key = JSON.stringify(body);
  const settledKey = useDebounced(key, 300);
  const path = `/catalog-apps/${encodeURIComponent(app.id)}/assignments`;

  useEffect(() => {
    let live = true;
    api.post<ForecastAnswer>(`${path}/forecast`, JSON.parse(settledKey)).then(
      (value) => live && setAnswer({ key: settledKey, value }),
      (error: unknown) => live && setAnswer({ key: settledKey, error }),
    );
    return () => {
      live = false;
    };
  }, [path, settledKey]);

  const current = answer?.key === key ? answer : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const ok = await action.run(async () => {
      const created = await api.post<{ forecast: Forecast }>(path, body);
      const { needed, shortfall } = created.forecast;
      notify(
        shortfall > 0
          ? t('assign.savedShort', { count: needed, shortfall })
          : t('assign.saved', { count: needed }),
      );
      setSaved(created.forecast);
    });
    if (ok) {
      // A new form for the next assignment; what was saved stays shown above it.
      setTarget('allUsers');
      setIntent('required');
      setLicenseType('');
      setExclude([]);
      props.onCreated();
    }
  };

  const refused = refusedForecast(action.error);
  const targetGroups = groups.filter((g) => `group:${g.id}` !== target);
  return (
    <form className="card form assignment-form" onSubmit={(event) => void submit(event)}>
      <h3>{t('assign.title')}</h3>
      {saved !== null && saved.shortfall > 0 && (
        <ForecastBox forecast={saved} blocked={false} title={t('assign.savedTitle')} />
      )}
      <div className="form-row">
        <label className="field">
          <span>{t('assign.target')}</span>
          <select value={target} onChange={(event) => setTarget(event.target.value)}>
            <option value="allUsers">{t('target.allUsers')}</option>
            <option value="allDevices">{t('target.allDevices')}</option>
            {groups.map((g) => (
              <option key={g.id} value={`group:${g.id}`}>
                {t(`assign.groupOption.${g.kind}`, { name: g.name, count: g.memberCount })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('assign.intent')}</span>
          <select value={intent} onChange={(event) => setIntent(event.target.value as Intent)}>
            {INTENTS.map((value) => (
              <option key={value} value={value}>
                {t(`intent.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('assign.licenceType')}</span>
          <select
            value={licenseType}
            onChange={(event) => setLicenseType(event.target.value as '' | 'user' | 'device')}
          >
            <option value="">{t('licenceType.automatic')}</option>
            <option value="device">{t('licenceType.device')}</option>
            <option value="user">{t('licenceType.user')}</option>
          </select>
        </label>
      </div>
      {targetGroups.length > 0 && (
        <fieldset className="exclusions">
          <legend>{t('assign.exclude')}</legend>
          {targetGroups.map((g) => (
            <label key={g.id} className="check inline">
              <input
                type="checkbox"
                checked={exclude.includes(g.id)}
                onChange={(event) =>
                  setExclude((list) =>
                    event.target.checked ? [...list, g.id] : list.filter((id) => id !== g.id),
                  )
                }
              />
              <span>{g.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      {current === undefined ? (
        <Loading label={t('assign.forecasting')} />
      ) : current.value !== undefined ? (
        <ForecastBox forecast={current.value.forecast} blocked={current.value.blocked} />
      ) : (
        <ErrorMessage error={current.error} />
      )}
      {current?.value?.blocked !== true && (
        <WhatIfPreview
          changes={[{ type: 'assignment', action: 'add', catalogAppId: app.id, ...body }]}
        />
      )}
      {refused !== null ? (
        <div role="alert">
          <ForecastBox forecast={refused} blocked title={t('assign.refused')} />
        </div>
      ) : (
        <ErrorMessage error={action.error} />
      )}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={action.busy || current?.value === undefined || current.value.blocked}
        >
          {action.busy ? t('assign.saving') : t('assign.save')}
        </button>
      </div>
    </form>
  );
}
