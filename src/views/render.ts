import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";

/** Preact escapes every text and attribute value: pages cannot inject markup by construction. */
export function renderDocument(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}
