import type { SchemaImpact } from '../../../domain/api/index.ts';

/** Per label change: how many labels, items, annotators and gold answers it touches, and whether labels go back. */
export function SchemaImpactTable({ impact }: { impact: SchemaImpact }) {
  return (
    <table className="schema-impact">
      <caption>Counted on the current labels; nothing is written before you publish.</caption>
      <thead>
        <tr>
          <th scope="col">Change</th>
          <th scope="col">Labels</th>
          <th scope="col">Items</th>
          <th scope="col">Annotators</th>
          <th scope="col">Gold answers</th>
          <th scope="col">Labels go back</th>
        </tr>
      </thead>
      <tbody>
        {impact.changes.map((c) => (
          <tr key={c.change}>
            <th scope="row">{c.summary}</th>
            <td>{c.labels}</td>
            <td>{c.items}</td>
            <td>{c.annotators}</td>
            <td>{c.goldAnswers}</td>
            <td>{c.sendsBack ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All changes</th>
          <td>{impact.total.labels}</td>
          <td>{impact.total.items}</td>
          <td>{impact.total.annotators}</td>
          <td>{impact.total.goldAnswers}</td>
          <td>{impact.total.sentBack} labels</td>
        </tr>
      </tfoot>
    </table>
  );
}
