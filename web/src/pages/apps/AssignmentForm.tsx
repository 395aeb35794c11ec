/** A new assignment (R-A11) with its forecast (R-A12) computed before it can be saved. */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { AssignmentTarget, CatalogApp, Forecast, Group, Intent } from '../../api/types.js';
import { useNotify } from '../../components/Notices.js';
import { ErrorMessage, Loading } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { useDebounced } from '../../hooks/useDebounced.js';
import { INTENT_LABELS } from './assignmentText.js';
import { ForecastBox } from './ForecastBox.js';

interface ForecastAnswer {
  forecast: Forecast;
  blocked: boolean;
}

function targetOf(value: string): AssignmentTarget {
  if (value === 'allUsers' || value === 'allDevices') return { type: value };
  return { type: 'group', groupId: value.replace(/^group:/, '') };
}

export function AssignmentForm(props: { app: CatalogApp; groups: Group[]; onCreated: () => void }) {
  const { app, groups } = props;
  const notify = useNotify();
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
    const ok = await action.run(async () => {
      const created = await api.post<{ forecast: Forecast }>(path, body);
      const { needed, shortfall } = created.forecast;
      notify(
        `Assignment saved: needs ${needed} licence(s)` +
          (shortfall > 0 ? `, ${shortfall} short.` : ', all available.'),
      );
    });
    if (ok) {
      setExclude([]);
      props.onCreated();
    }
  };

  const targetGroups = groups.filter((g) => `group:${g.id}` !== target);
  return (
    <form className="card form assignment-form" onSubmit={(event) => void submit(event)}>
      <h3>New assignment</h3>
      <div className="form-row">
        <label className="field">
          <span>Assign to</span>
          <select value={target} onChange={(event) => setTarget(event.target.value)}>
            <option value="allUsers">All Users</option>
            <option value="allDevices">All Devices</option>
            {groups.map((g) => (
              <option key={g.id} value={`group:${g.id}`}>
                {g.name} ({g.kind} group, {g.memberCount} members)
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Intent</span>
          <select value={intent} onChange={(event) => setIntent(event.target.value as Intent)}>
            {Object.entries(INTENT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Licence type</span>
          <select
            value={licenseType}
            onChange={(event) => setLicenseType(event.target.value as '' | 'user' | 'device')}
          >
            <option value="">Automatic</option>
            <option value="device">Device licence</option>
            <option value="user">User licence</option>
          </select>
        </label>
      </div>
      {targetGroups.length > 0 && (
        <fieldset className="exclusions">
          <legend>Exclude groups</legend>
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
        <Loading label="Forecasting the licences it needs…" />
      ) : current.value !== undefined ? (
        <ForecastBox forecast={current.value.forecast} blocked={current.value.blocked} />
      ) : (
        <ErrorMessage error={current.error} />
      )}
      <ErrorMessage error={action.error} />
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={action.busy || current?.value === undefined || current.value.blocked}
        >
          {action.busy ? 'Saving…' : 'Save assignment'}
        </button>
      </div>
    </form>
  );
}
