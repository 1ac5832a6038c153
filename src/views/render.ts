import { cloneElement, h, isValidElement, type ComponentChildren, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";

/** A form to show again as the person filled it in: its action, and the fields they sent. */
export interface Refill {
  action: string;
  fields: Readonly<Record<string, readonly string[]>>;
}

/** Preact escapes every text and attribute value: pages cannot inject markup by construction. */
export function renderDocument(page: VNode, refill?: Refill): string {
  return `<!doctype html>${renderToString(refill ? refilled(page, refill) : page)}`;
}

// Never put back: what proves who someone is, or what the server itself sets.
const SECRET_NAME = /password|answer|code|secret|token|^_/i;
const KEPT_TYPES = new Set(["password", "hidden", "file", "submit", "button", "image", "reset"]);

type Props = Record<string, unknown>;

/** Where a node sits: inside the form to fill in, and inside one of its choice lists. */
interface Place {
  inForm: boolean;
  chosen?: readonly string[] | undefined;
}

/**
 * The page with the form whose action is `refill.action` filled in from `refill.fields`:
 * text as typed, check boxes, radios and choices as chosen. Secrets stay empty. Components are
 * wrapped so that what they render is filled in too; nothing outside that form changes.
 */
function refilled(page: VNode, refill: Refill): VNode {
  const walk = (node: ComponentChildren, place: Place): ComponentChildren => {
    if (Array.isArray(node)) return node.map((child: ComponentChildren) => walk(child, place));
    if (!isValidElement(node)) return node;
    const vnode = node as VNode<Props>;
    const props = vnode.props;
    if (typeof vnode.type === "function") {
      const component = vnode.type as (props: Props) => ComponentChildren;
      const Filled = (given: Props) => walk(component(given), place);
      return h(Filled, { ...props, key: vnode.key });
    }
    const type = vnode.type as string;
    const inForm = place.inForm || (type === "form" && props.action === refill.action);
    const name = typeof props.name === "string" ? props.name : undefined;
    const sent = name === undefined ? undefined : refill.fields[name];
    const inside: Place = {
      inForm,
      chosen: type === "select" && inForm ? (kept(props) ? undefined : (sent ?? [])) : place.chosen,
    };
    const children = walk(props.children as ComponentChildren, inside);
    if (!inForm) return cloneElement(vnode, {}, children);
    if (type === "option" && place.chosen) {
      return cloneElement(
        vnode,
        { selected: place.chosen.includes(String(props.value)) },
        children,
      );
    }
    if (type === "textarea" && !kept(props)) {
      return cloneElement(vnode, { value: sent?.[0] ?? "" });
    }
    if (type !== "input" || kept(props)) return cloneElement(vnode, {}, children);
    const inputType = typeof props.type === "string" ? props.type : "text";
    if (inputType === "checkbox" || inputType === "radio") {
      const value = typeof props.value === "string" ? props.value : "on";
      return cloneElement(vnode, { checked: (sent ?? []).includes(value) });
    }
    return cloneElement(vnode, { value: sent?.[0] ?? "" });
  };
  return walk(page, { inForm: false }) as VNode;
}

/** A field to leave as the server rendered it: a secret, or what the server itself sets. */
function kept(props: Props): boolean {
  const name = typeof props.name === "string" ? props.name : "";
  const type = typeof props.type === "string" ? props.type : "text";
  return (
    name === "" ||
    SECRET_NAME.test(name) ||
    props.autocomplete === "one-time-code" ||
    KEPT_TYPES.has(type)
  );
}
