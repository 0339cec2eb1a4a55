import { useState } from 'react';
import type { LabelClass, PublishRequest, SchemaChange } from '../../../domain/api/index.ts';
import { sentBackClasses } from '../../../domain/taxonomy/apply.ts';
import { useImpact, useSchemaImpact } from '../../guideline/authoring.ts';
import { SchemaImpactTable } from './SchemaImpactTable.tsx';

/** Clarification or label-changing update; for the latter, the affected labels and their impact first. */
export function PublishDialog({
  projectId,
  labels,
  changes,
  currentVersion,
  onPublish,
  onCancel,
  busy,
}: {
  projectId: string;
  labels: LabelClass[];
  /** The draft's label changes: their impact is shown before anything is written. */
  changes: SchemaChange[];
  currentVersion: string;
  onPublish: (req: Omit<PublishRequest, 'baseVersionId'>) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  // Changes that send labels back are a label-changing update; start there.
  const [kind, setKind] = useState<PublishRequest['kind']>(sentBackClasses(changes).length > 0 ? 'label_change' : 'clarification');
  const schemaImpact = useSchemaImpact(projectId, changes, true);
  const [affected, setAffected] = useState<string[]>([]);
  const [changelog, setChangelog] = useState('');
  const major = kind === 'label_change';
  const impact = useImpact(projectId, affected, major);
  const [maj, min] = currentVersion.split('.').map(Number);
  const next = major ? `${(maj ?? 0) + 1}.0` : `${maj}.${(min ?? 0) + 1}`;
  return (
    <form
      className="publish-dialog"
      role="dialog"
      aria-label="Publish the draft"
      onSubmit={(e) => {
        e.preventDefault();
        onPublish({ kind, affectedLabels: major ? affected : [], changelog });
      }}
    >
      <h2>Publish version {next}</h2>
      <fieldset>
        <legend>What kind of update is this?</legend>
        <label>
          <input type="radio" name="kind" checked={!major} onChange={() => setKind('clarification')} /> Clarification (wording only; applies from now on)
        </label>
        <label>
          <input type="radio" name="kind" checked={major} onChange={() => setKind('label_change')} /> Label-changing update (sends affected labels back for
          re-annotation)
        </label>
      </fieldset>
      {changes.length > 0 && (
        <section aria-label="What the label changes touch">
          <h3>What the label changes touch</h3>
          {schemaImpact.data ? (
            <SchemaImpactTable impact={schemaImpact.data} />
          ) : (
            <p aria-live="polite">{schemaImpact.error ? schemaImpact.error.message : 'Counting…'}</p>
          )}
        </section>
      )}
      {major && (
        <fieldset>
          <legend>Which labels change meaning?</legend>
          {labels.map((l) => (
            <label key={l.id}>
              <input
                type="checkbox"
                checked={affected.includes(l.id)}
                onChange={(e) => setAffected(e.target.checked ? [...affected, l.id] : affected.filter((x) => x !== l.id))}
              />{' '}
              {l.name}
            </label>
          ))}
          <p aria-live="polite" className="impact">
            {affected.length === 0
              ? 'Choose the affected labels to see the impact.'
              : impact.data
                ? `Impact: ${impact.data.annotations} existing label${impact.data.annotations === 1 ? '' : 's'} (${impact.data.items} item${impact.data.items === 1 ? '' : 's'}, ${impact.data.annotators} annotator${impact.data.annotators === 1 ? '' : 's'}) go back for re-annotation; ${impact.data.goldAnswers} gold answer${impact.data.goldAnswers === 1 ? '' : 's'} leave scoring until re-verified.`
                : impact.error
                  ? impact.error.message
                  : 'Counting…'}
          </p>
        </fieldset>
      )}
      <label>
        Changelog (annotators read this before they go on)
        <textarea rows={3} value={changelog} onChange={(e) => setChangelog(e.target.value)} />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Publish {next}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
