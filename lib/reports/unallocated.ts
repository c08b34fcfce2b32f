/** Id (name) of the agent-table row carrying the cost no agent carries (telecom, fixed costs…). Client-safe. */
export const UNALLOCATED = '__unallocated'
