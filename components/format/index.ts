export * from './Formatted'
export { useFormat } from './useFormat'
