export { KpiTile, useKpiTitle, type KpiTileProps } from './KpiTile'
export { Sparkline } from './Sparkline'
export { StatusIcon, ChangeArrow, STATUS_TEXT_CLASS, STATUS_BORDER_CLASS } from './StatusIcon'
export { kpiMeta, type KpiMeta } from './meta'
