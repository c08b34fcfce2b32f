'use client'
/**
 * An agent as a person reads it: the directory's display name, with the platform id (and team,
 * site) on hover; an agent missing from the directory shows its id, marked "not in directory".
 */
import { useTranslations } from 'next-intl'

export type AgentNameProps = { agentId: string; name: string | null; team?: string | null; site?: string | null; inDirectory: boolean; className?: string; markClassName?: string }

export function AgentName({ agentId, name, team, site, inDirectory, className, markClassName }: AgentNameProps) {
  const t = useTranslations('common.agentDirectory')
  const hover = inDirectory ? [t('id', { id: agentId }), team ? t('team', { team }) : null, site ? t('site', { site }) : null].filter(Boolean).join(' · ') : t('notInDirectoryHint', { id: agentId })
  return (
    <span className={className} title={hover} data-agent-id={agentId} data-in-directory={inDirectory ? 'true' : 'false'}>
      <span data-agent-name>{name ?? agentId}</span>
      {inDirectory ? null : <span className={markClassName ?? 'ml-1 text-xs font-normal italic text-slate-500'}>({t('notInDirectory')})</span>}
    </span>
  )
}
