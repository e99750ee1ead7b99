// HTML mail → readable text (html-to-text, the converter mailparser itself uses).
/// <reference path="./html-to-text.d.ts" />
import { convert } from 'html-to-text';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

/**
 * Text of an HTML body: headings keep their case (html-to-text upper-cases them by default, which
 * reads as shouting and skews sentiment), links keep only their text, images are dropped.
 */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      ...HEADINGS,
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'table', format: 'dataTable' },
    ],
  }).trim();
}
