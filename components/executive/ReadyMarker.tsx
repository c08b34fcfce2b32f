'use client'
/**
 * Marks the report drawn (`data-print-ready="1"` on the closest [data-executive-view]) once the
 * client islands (charts) have mounted and painted: the PDF printer and the benchmark wait for it.
 */
import { useEffect, useRef } from 'react'

export function ReadyMarker() {
  const ref = useRef<HTMLSpanElement>(null)
  useEffect(() => {
    let id = requestAnimationFrame(() => {
      id = requestAnimationFrame(() => {
        const root = ref.current?.closest<HTMLElement>('[data-executive-view]')
        if (root) root.dataset.printReady = '1'
      })
    })
    return () => cancelAnimationFrame(id)
  }, [])
  return <span ref={ref} hidden />
}
