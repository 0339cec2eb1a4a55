// The lead's dashboard: who labels well, on which labels, since when — and at what speed.
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useProject } from '../api/hooks.ts';
import { AlertList } from './AlertList.tsx';
import { EscalationFiguresPanel } from './EscalationFiguresPanel.tsx';
import { useAlertAction, useDashboard, type Bucket } from './api.ts';
import { AccuracyOverTime } from './charts/AccuracyOverTime.tsx';
import { ConfusionMatrix } from './charts/ConfusionMatrix.tsx';
import { LabelHeatmap } from './charts/LabelHeatmap.tsx';
import { SpeedAccuracy } from './charts/SpeedAccuracy.tsx';
import { VersionTable } from './charts/VersionTable.tsx';
import { SelfConsistencyTable } from './SelfConsistencyTable.tsx';
import { SeriesPicker } from './SeriesPicker.tsx';
import './dashboard.css';
import { annotatorColors, pct, type AlertView } from './model.ts';

export function DashboardScreen() {
  const { projectId = '' } = useParams();
  const [bucket, setBucket] = useState<Bucket>('day');
  const project = useProject(projectId);
  const [lines, setLines] = useState<string[]>([]);
  const dash = useDashboard(projectId, bucket, lines);
  const act = useAlertAction(projectId);
  const [busy, setBusy] = useState<string | null>(null);
  const colors = useMemo(() => annotatorColors(dash.data?.model.annotators ?? []), [dash.data]);

  const error = project.error ?? dash.error;
  if (error) return <p role="alert">{error.message}</p>;
  if (!project.data || !dash.data) return <p>Loading the dashboard…</p>;
  const { model, actions } = dash.data;
  const onAction = (alert: AlertView, actionId: string) => {
    const action = actions.get(`${alert.id}:${actionId}`);
    if (!action) return;
    setBusy(`${alert.id}:${actionId}`);
    act.mutate(action, { onSettled: () => setBusy(null) });
  };
  const scored = model.throughput.reduce((s, t) => s + t.n, 0);

  return (
    <main className="dashboard-page">
      <header className="page-head">
        <h1>Dashboard · {project.data.name}</h1>
        <Link to={`/projects/${projectId}/gold-set`}>Gold set</Link>
        <label className="bucket">
          Time step{' '}
          <select value={bucket} onChange={(e) => setBucket(e.target.value as Bucket)}>
            <option value="hour">hour</option>
            <option value="day">day</option>
            <option value="week">week</option>
          </select>
        </label>
      </header>
      <p className="dash-summary">
        {model.annotators.length} annotators · {scored} gold answers scored · threshold {pct(model.threshold)}
      </p>
      <div className="legend-row" aria-label="Annotator colours">
        {model.annotators.map((a) => (
          <span key={a.id} className="legend-item">
            <span className="dot" style={{ background: colors.get(a.id) }} />
            {a.name}
          </span>
        ))}
      </div>
      <SeriesPicker
        annotators={model.annotators}
        drawn={model.accuracy.map((s) => s.annotator.id)}
        total={model.seriesTotal}
        chosen={lines}
        onChoose={setLines}
      />
      <AlertList
        alerts={model.alerts}
        onAction={onAction}
        busy={busy}
        error={act.error ? act.error.message : null}
        unjudged={model.annotators.filter((a) => !model.heatmap.some((c) => c.annotatorId === a.id && c.sufficient))}
      />
      <div className="chart-grid">
        <AccuracyOverTime series={model.accuracy} colors={colors} threshold={model.threshold} />
        <LabelHeatmap annotators={model.annotators} labels={model.labels} cells={model.heatmap} colors={colors} threshold={model.threshold} />
        <ConfusionMatrix labels={model.labels} cells={model.confusion} />
        <SpeedAccuracy points={model.throughput} colors={colors} threshold={model.threshold} />
        <VersionTable cells={model.versions} annotators={model.annotators} threshold={model.threshold} />
        <SelfConsistencyTable rows={model.selfConsistency} />
      </div>
      <EscalationFiguresPanel projectId={projectId} />
    </main>
  );
}
