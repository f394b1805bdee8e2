/**
 * A theme over Swagger UI's own stylesheet for /__admin/docs, so the docs read as well as the admin
 * page: every text at 4.5:1 or more against what is behind it (WCAG 2.1, 1.4.3), the same hues as
 * Swagger UI's method colours, darkened until white text on them passes. Loaded after Swagger UI's
 * CSS (the theme option of @fastify/swagger-ui), from the emulator itself, as its CSP asks.
 */

/** Method badges and their borders: Swagger UI's hue, dark enough for white bold 14 px text. */
const METHOD_COLOURS: Readonly<Record<string, string>> = {
  get: '#1f6fbf',
  post: '#18794e',
  put: '#a35200',
  delete: '#c62828',
  patch: '#0d7a7a',
  head: '#6b4fbb',
  options: '#1f5fa8',
};

const methodRules = Object.entries(METHOD_COLOURS)
  .map(
    ([method, colour]) => `
.swagger-ui .opblock.opblock-${method} .opblock-summary-method { background: ${colour}; }
.swagger-ui .opblock.opblock-${method}, .swagger-ui .opblock.opblock-${method} .opblock-summary { border-color: ${colour}; }
.swagger-ui .opblock.opblock-${method} .tab-header .tab-item.active h4 span::after { background: ${colour}; }`,
  )
  .join('');

/** The stylesheet the docs page loads after Swagger UI's. */
export const DOCS_THEME_CSS = `/* aliyun-living-mock: contrast for Swagger UI (see src/docs/docs-theme.ts) */
${methodRules}
/* One document, no other to explore: the top bar keeps the logo (a link to the admin page) only. */
.swagger-ui .topbar .download-url-wrapper { display: none; }
.swagger-ui .info .title small pre.version { background: #5b6270; }
.swagger-ui .info .title small.version-stamp pre.version { background: #4d7300; }
.swagger-ui .info a, .swagger-ui .info .base-url, .swagger-ui .info .url { color: #1f5fa8; }
.swagger-ui .btn.execute { background: #1f5fa8; border-color: #1f5fa8; }
.swagger-ui .btn.cancel { color: #c62828; border-color: #c62828; }
.swagger-ui .download-contents { background: #5b6270; }
.swagger-ui .btn.authorize { color: #18794e; border-color: #18794e; }
/* Examples and answers as plain light-on-dark text (12.6:1): no highlight theme has every colour at
   4.5:1, and the live answer is highlighted even with syntaxHighlight off. */
.swagger-ui .highlight-code .microlight span { color: inherit !important; }
/* "required" is drawn as ::after content, which axe does not see: #f00 at 60% is 2.9:1. */
.swagger-ui .parameter__name.required:after, .swagger-ui .parameter__name.required span { color: #b71c1c; }
/* Small print on the operations' tinted backgrounds (the lightest is DELETE's #fae7e7). */
.swagger-ui .renderedMarkdown code, .swagger-ui .markdown code { color: #6a0dc4; }
.swagger-ui .parameter__in, .swagger-ui .parameter__type, .swagger-ui .parameter__deprecated, .swagger-ui .prop-format { color: #5a5a5a; }
.swagger-ui .response-control-media-type__accept-message { color: #1a6b1a; }
.swagger-ui .btn.authorize svg { fill: #18794e; }
`;
