import type { MessageTemplate } from "./options"

/** The values a message may use: `{{order_number}}`, `{{amount}}` … Numbers print as they are; null is "missing". */
export type TemplateVariables = Record<string, string | number | boolean | null | undefined>

/** A rendered message (what Medusa's Notification module takes as `content`) and the placeholders left unfilled. */
export type RenderedMessage = { subject: string; text: string; html: string; missing: string[] }

const SECTION = /\{\{\s*([#^])\s*([\w.-]+)\s*\}\}([\s\S]*?)\{\{\s*\/\s*\2\s*\}\}/g
const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

/** Escape text for HTML (`<b>` → `&lt;b&gt;`). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "" && v !== false
}

/**
 * Fill a template string. Syntax (a small subset of Mustache):
 * - `{{name}}` (spaces allowed inside the braces): the variable; missing or null → empty, and its name is added to
 *   `missing`;
 * - `{{#name}}…{{/name}}`: the part only when `name` has a value (not missing, null, "" or false);
 * - `{{^name}}…{{/name}}`: the part only when it has none.
 * Sections do not nest with the same name; unknown syntax is left as written.
 * @param escape applied to each substituted value (escapeHtml for html), never to the template itself
 */
export function fillTemplate(template: string, vars: TemplateVariables, missing: Set<string> = new Set(), escape: (s: string) => string = (s) => s): string {
  let out = template
  // innermost first: repeat until no section is left (different names may nest)
  for (let i = 0; i < 10; i++) {
    const next = out.replace(SECTION, (_m, kind: string, name: string, body: string) => (present(vars[name]) === (kind === "#") ? body : ""))
    if (next === out) break
    out = next
  }
  return out.replace(PLACEHOLDER, (_m, name: string) => {
    const v = vars[name]
    if (v === undefined || v === null) {
      missing.add(name)
      return ""
    }
    return escape(String(v))
  })
}

/** Plain text → simple html: escaped, blank lines make paragraphs, single line breaks `<br>`. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, "<br>")}</p>`)
    .join("\n")
}

/**
 * Render a message: subject and text filled with the variables (the subject on one line), the html from the
 * template's own `html` (values escaped) or else from the rendered text.
 * @returns `{subject, text, html, missing}`: `missing` lists the placeholders that had no value (rendered empty)
 */
export function renderMessage(template: MessageTemplate, vars: TemplateVariables): RenderedMessage {
  const missing = new Set<string>()
  const subject = fillTemplate(template.subject, vars, missing).replace(/\s+/g, " ").trim()
  const text = fillTemplate(template.text, vars, missing)
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
  const html = template.html !== undefined ? fillTemplate(template.html, vars, missing, escapeHtml) : textToHtml(text)
  return { subject, text, html, missing: [...missing].sort() }
}
