import type { ComponentChildren } from "preact";
import { Layout, type PageContext } from "../components.js";

/** A page that only says something: "coming soon", not found, an error with its reference. */
export function MessagePage(props: {
  page: PageContext;
  title: string;
  message: string;
  link: { href: string; text: string };
  children?: ComponentChildren;
}) {
  return (
    <Layout page={props.page} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.children}
      <p>
        <a href={props.link.href}>{props.link.text}</a>
      </p>
    </Layout>
  );
}
