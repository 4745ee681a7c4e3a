// A small line chart on a canvas: one value per sample, breaks where samples are missing.
import { useEffect, useRef } from 'react'
import type { MetricSample } from '../../../shared/protocol'
import { splitAtGaps } from '../features/metrics/samples'

interface SparklineProps {
  samples: MetricSample[]
  value(sample: MetricSample): number
  /** The top of the scale; the bottom is 0. */
  max: number
  windowMs: number
  label: string
}

const maxGapMs = 2500

export function Sparkline({ samples, value, max, windowMs, label }: SparklineProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)

  useEffect(() => {
    const canvas = canvasRef.current
    const context = canvas?.getContext('2d')
    if (!canvas || !context) return
    const ratio = window.devicePixelRatio || 1
    const width = canvas.clientWidth
    const height = canvas.clientHeight
    canvas.width = Math.round(width * ratio)
    canvas.height = Math.round(height * ratio)
    context.setTransform(ratio, 0, 0, ratio, 0, 0)
    context.clearRect(0, 0, width, height)
    const newest = samples.at(-1)
    if (!newest) return
    context.strokeStyle = getComputedStyle(canvas).color
    context.lineWidth = 1.5
    const x = (t: number) => width - ((newest.t - t) / windowMs) * width
    const y = (v: number) => height - 1 - (Math.min(Math.max(v, 0), max) / max) * (height - 2)
    for (const run of splitAtGaps(samples, maxGapMs)) {
      context.beginPath()
      run.forEach((sample, index) => {
        if (index === 0) context.moveTo(x(sample.t), y(value(sample)))
        else context.lineTo(x(sample.t), y(value(sample)))
      })
      context.stroke()
    }
  }, [samples, value, max, windowMs])

  return <canvas ref={canvasRef} className="sparkline" role="img" aria-label={label} />
}
