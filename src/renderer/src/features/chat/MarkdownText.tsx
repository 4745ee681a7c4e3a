// Model output as Markdown: GFM tables and lists, code blocks highlighted with a Copy button. The text is
// untrusted: react-markdown ignores raw HTML (no rehype-raw here, ever), its URL filter drops javascript:
// links, and images are shown as their description only, so an answer cannot load anything.
import { memo, useRef, useState, type ComponentProps } from 'react'
import Markdown, { type Components } from 'react-markdown'
import rehypeHighlight from 'rehype-highlight'
import remarkGfm from 'remark-gfm'
import './markdown.css'

const copiedForMs = 1500

function CodeBlock({ node: _node, children, ...rest }: ComponentProps<'pre'> & { node?: unknown }) {
  const preRef = useRef<HTMLPreElement>(null)
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = () => {
    navigator.clipboard
      .writeText(preRef.current?.textContent ?? '')
      .then(() => setCopyState('copied'))
      .catch(() => setCopyState('failed'))
      .finally(() => setTimeout(() => setCopyState('idle'), copiedForMs))
  }
  return (
    <div className="code-block">
      <button type="button" className="code-copy" onClick={copy}>
        {copyState === 'idle' ? 'Copy' : copyState === 'copied' ? 'Copied' : 'Copy failed'}
      </button>
      <pre ref={preRef} {...rest}>
        {children}
      </pre>
    </div>
  )
}

const components: Components = {
  pre: CodeBlock,
  a: ({ node: _node, children, href }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  img: ({ alt }) => <span className="image-placeholder">[image{alt ? `: ${alt}` : ''}]</span>,
}

const remarkPlugins = [remarkGfm]
const rehypePlugins = [rehypeHighlight]

function renderMarkdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </Markdown>
    </div>
  )
}

/** Parsed once per text: a finished message never re-parses when the conversation around it changes. */
export const MarkdownText = memo(renderMarkdown)

/** The answer being streamed: parsed again on every frame that brought tokens, and only that message. */
export const LiveMarkdownText = renderMarkdown
