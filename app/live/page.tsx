import { queryRows } from '@/lib/clickhouse'
import { startInProcess } from '@/ingest/embedded'

export const dynamic = 'force-dynamic'

// Placeholder until the supervisor view lands (issue 5): proves data flows end to end.
export default async function LivePage() {
  await startInProcess()
  const rows = await queryRows<{ center_id: string; offered: string; answered: string; abandoned: string }>(
    `SELECT center_id, countIf(queued_at IS NOT NULL) AS offered, countIf(answered_at IS NOT NULL) AS answered,
            countIf(abandoned_at IS NOT NULL) AS abandoned
     FROM contacts_v GROUP BY center_id ORDER BY center_id`,
  )
  return (
    <main className="p-8">
      <h1 className="text-2xl font-semibold">Plateau — live</h1>
      <table className="mt-4 tabular-nums">
        <tbody>
          {rows.map((r) => (
            <tr key={r.center_id}>
              <td className="pr-6">{r.center_id}</td>
              <td className="pr-6">{r.offered}</td>
              <td className="pr-6">{r.answered}</td>
              <td>{r.abandoned}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  )
}
